package dev.spanwise.tracing.anthropic

import com.anthropic.client.AnthropicClient
import com.anthropic.client.AnthropicClientAsync
import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.anthropic.internal.Guard
import dev.spanwise.tracing.anthropic.internal.ShapeCheck
import dev.spanwise.tracing.anthropic.internal.TracedAnthropicClient
import dev.spanwise.tracing.anthropic.internal.TracedAnthropicClientAsync

/**
 * Traces an Anthropic Java SDK client: every `client.messages().create(…)` and
 * `createStreaming(…)` — plain, structured, streamed, async — becomes one LLM span (provider
 * `anthropic`, operation `chat`) with the request's model and parameters, the response's model, id,
 * stop reason, token usage (input counts cache reads and writes, as OpenTelemetry GenAI does; both
 * are also kept apart), tool calls and, when content capture is on, the prompt and the answer.
 *
 * ```java
 * AnthropicClient client = SpanwiseAnthropic.wrap(AnthropicOkHttpClient.fromEnv(), spanwise.tracing());
 * ```
 * ```kotlin
 * val client = AnthropicOkHttpClient.fromEnv().traced(tracing)
 * ```
 *
 * ### Parent
 * A call's span is a child of the calling thread's current scope (`CurrentThreadScope`: a Java
 * `ScopeHandle`, or code running inside a Kotlin `traced { }` block), else a root. It is captured
 * when the call is made: an async call completing on another thread, or a stream read later,
 * stays under the scope it was made in.
 *
 * ### How a span ends
 * - a response → OK; an SDK exception (HTTP 4xx/5xx, timeout, I/O) → ERROR with the exception, the
 *   provider's error type ([PROVIDER_ERROR_TYPE], e.g. `rate_limit_error`) and the HTTP status
 *   (`http.response.status_code`); the same exception instance reaches the caller;
 * - a stream → OK at `message_stop`, with the time to the first content delta and the number of
 *   content deltas; ERROR when reading fails (a dropped connection, an `error` event) or the stream
 *   ends without `message_stop`; CANCELLED when the consumer closes it before the end, keeping
 *   what arrived.
 *
 * ### Contract
 * Everything else on the client (`withRawResponse()`, `models()`, `beta()`, batches, token counting)
 * is the SDK's own object, untraced. Tracing never breaks a call: a failure inside Spanwise is
 * logged (WARN once per kind) and the call goes on as if unwrapped. When the SDK on the class path
 * has a shape the wrapper does not know (a newer SDK with new abstract methods), [wrap] returns the
 * client unchanged and logs one warning. The API key never reaches a span or a log line.
 */
public object SpanwiseAnthropic {
    /** The provider name on every span (`gen_ai.provider.name`), used to look up prices. */
    public const val PROVIDER: String = "anthropic"

    /**
     * The attribute holding the provider's error type of a failed call — the `error.type` of
     * Anthropic's error body, e.g. `rate_limit_error`, `overloaded_error`, `invalid_request_error`.
     */
    public const val PROVIDER_ERROR_TYPE: String = "gen_ai.provider.error.type"

    /**
     * Returns a client that traces [client]'s message calls into [tracing]; close either to close
     * the SDK client. Wrapping a wrapped client re-wraps the original (the latest [tracing] wins).
     */
    @JvmStatic
    public fun wrap(client: AnthropicClient, tracing: Tracing): AnthropicClient {
        val original = if (client is TracedAnthropicClient) client.delegate else client
        val mismatch = ShapeCheck.syncMismatch
        if (mismatch != null) return unwrapped(original, mismatch)
        return TracedAnthropicClient(original, tracing)
    }

    /**
     * Returns an async client that traces [client]'s message calls into [tracing]; see the sync
     * [wrap]. A span starts when the call is made and ends when its future completes.
     */
    @JvmStatic
    public fun wrap(client: AnthropicClientAsync, tracing: Tracing): AnthropicClientAsync {
        val original = if (client is TracedAnthropicClientAsync) client.delegate else client
        val mismatch = ShapeCheck.asyncMismatch
        if (mismatch != null) return unwrapped(original, mismatch)
        return TracedAnthropicClientAsync(original, tracing)
    }

    private fun <C> unwrapped(client: C, mismatch: String): C {
        Guard.warnOnce(
            "sdk-shape",
            "Spanwise: the Anthropic SDK on the class path is not the shape tracing-anthropic knows " +
                "($mismatch is not handled); its calls are not traced. Use a tracing-anthropic version made for this SDK.",
        )
        return client
    }
}
