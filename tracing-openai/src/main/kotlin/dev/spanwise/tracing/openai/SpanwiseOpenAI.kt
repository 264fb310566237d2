package dev.spanwise.tracing.openai

import com.openai.client.OpenAIClient
import com.openai.client.OpenAIClientAsync
import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.openai.internal.ClientWrapping

/**
 * Traces the OpenAI Java SDK: [wrap] returns a client that behaves exactly like the one it is given,
 * except that every chat completion, response and embedding call is recorded as a span.
 *
 * ```java
 * OpenAIClient client = SpanwiseOpenAI.wrap(OpenAIOkHttpClient.fromEnv(), spanwise.tracing());
 * ```
 * ```kotlin
 * val client = OpenAIOkHttpClient.fromEnv().traced(tracing)
 * ```
 *
 * ### What is traced
 * `chat().completions().create(…)` and `createStreaming(…)`, `responses().create(…)` and
 * `createStreaming(…)`, `embeddings().create(…)` — on the blocking client, on its `async()` view
 * and on the clients that `withOptions(…)` returns. Each call is one span of kind `LLM` (or
 * `EMBEDDING`) with provider `openai`, the request and response models, the request parameters,
 * the token usage (cached and reasoning tokens included), finish reasons, the response id and —
 * when content capture is on — the messages and the answer. Everything else, including
 * `withRawResponse()`, is the SDK's own object, untouched.
 *
 * ### Parent
 * The span is a child of the calling thread's current scope (`CurrentThreadScope`: a Java
 * `ScopeHandle`, or a Kotlin `traced { }` block), captured when the call is made — also for an async
 * call that completes on another thread and for a stream read later.
 *
 * ### Contract
 * The wrapped client never fails because of tracing: a failure inside Spanwise is logged (once per
 * kind) and the call goes on as if unwrapped. An SDK exception reaches the caller as the same
 * instance. When the SDK does not have the shape this module was built against, or [tracing] is
 * disabled, [wrap] logs one warning (for the shape) and returns the client it was given.
 */
public object SpanwiseOpenAI {
    /** The provider name recorded on every span: `openai`. */
    public const val PROVIDER: String = "openai"

    /** Returns [client] with its chat completion, response and embedding calls traced by [tracing]. */
    @JvmStatic
    public fun wrap(client: OpenAIClient, tracing: Tracing): OpenAIClient = ClientWrapping.wrap(client, tracing)

    /** Returns the async [client] with its chat completion, response and embedding calls traced by [tracing]. */
    @JvmStatic
    public fun wrap(client: OpenAIClientAsync, tracing: Tracing): OpenAIClientAsync = ClientWrapping.wrap(client, tracing)
}

/** This client with its chat completion, response and embedding calls traced; see [SpanwiseOpenAI.wrap]. */
@JvmSynthetic
public fun OpenAIClient.traced(tracing: Tracing): OpenAIClient = SpanwiseOpenAI.wrap(this, tracing)

/** This async client with its calls traced; see [SpanwiseOpenAI.wrap]. */
@JvmSynthetic
public fun OpenAIClientAsync.traced(tracing: Tracing): OpenAIClientAsync = SpanwiseOpenAI.wrap(this, tracing)
