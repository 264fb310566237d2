package dev.spanwise.tracing

import dev.spanwise.tracing.internal.engine.NonRecordingScope
import dev.spanwise.tracing.internal.engine.StreamRecording
import dev.spanwise.tracing.model.Attributes
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.scope.CurrentThreadScope
import dev.spanwise.tracing.scope.LlmScope
import dev.spanwise.tracing.scope.RequestAttributes
import dev.spanwise.tracing.scope.ScopeElement
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.isActive
import kotlin.coroutines.CoroutineContext

/**
 * Traces a streamed LLM call: each collection of the returned flow is one span of kind
 * [ScopeKind.LLM], started when collection starts and ended when it ends. No timing code is needed:
 * the span records `gen_ai.request.stream = true`, the time from its start to the first chunk
 * (`gen_ai.response.time_to_first_chunk`, seconds) and the number of chunks (`spanwise.stream.chunks`).
 * [onChunk] sees every chunk before it is passed on and records what the chunk carries — usage
 * (usually on the last one), finish reasons, the model that answered, the completed text:
 *
 * ```kotlin
 * traced("support-agent") {
 *     client.streamChat(request)                                  // Flow<ChatChunk>
 *         .tracedLlmStream("answer", provider = "openai", model = "gpt-4o") { chunk ->
 *             chunk.usage?.let { usage(inputTokens = it.promptTokens, outputTokens = it.completionTokens) }
 *             chunk.finishReason?.let { finishReasons(it) }
 *         }
 *         .collect { chunk -> print(chunk.text) }
 * }
 * ```
 *
 * ### Parent
 * The span is a child of the collecting coroutine's scope (its [ScopeElement], as `traced` and `llm`
 * use), else of the thread's current scope, else a root; the `Tracing` is the ambient one (see the
 * top-level `traced`). The upstream flow runs in the collector's context, unchanged.
 *
 * ### How the span ends
 * - the upstream completes → OK;
 * - the downstream stops early (`take(n)`, `first()`, …) → OK, with the chunks that arrived;
 * - the upstream, [onChunk] or the collector throws → ERROR, and the same exception instance
 *   reaches the collector;
 * - the collecting coroutine is cancelled → CANCELLED, keeping whatever usage arrived; a timeout
 *   (`withTimeout`) → ERROR, as for every block.
 *
 * A `buffer()` or `flowOn()` after this operator collects it in another coroutine, so an early stop
 * downstream of those reaches the span as a cancellation (CANCELLED).
 *
 * When nothing is recorded (tracing disabled, no `Tracing` found, sampled out) the chunks pass
 * through unchanged and [onChunk] is not called. Cost comes from the configured pricing.
 *
 * @param name the span name.
 * @param provider who serves the model, e.g. `openai`.
 * @param model the model asked for; its price is looked up by this name.
 * @param operation the GenAI operation, `chat` by default.
 * @param attributes attributes of the span.
 * @param onChunk records what a chunk carries on the call's [LlmScope]; [LlmScope.usage] adds
 *   to earlier counts and [LlmScope.output] replaces the earlier text.
 */
public fun <T> Flow<T>.tracedLlmStream(
    name: String,
    provider: String? = null,
    model: String? = null,
    operation: String = "chat",
    attributes: Map<String, Any?> = emptyMap(),
    onChunk: LlmScope.(chunk: T) -> Unit = {},
): Flow<T> {
    val upstream = this
    return flow {
        val context = currentCoroutineContext()
        val span = startStreamSpan(context, name, provider, model, operation, attributes)
        val stream = StreamRecording.start(span)
        if (stream == null) {
            emitAll(upstream)
            return@flow
        }
        var downstreamFailure: Throwable? = null
        try {
            upstream.collect { chunk ->
                stream.chunk()
                span.onChunk(chunk)
                try {
                    emit(chunk)
                } catch (e: Throwable) {
                    downstreamFailure = e
                    throw e
                }
            }
        } catch (e: Throwable) {
            // An early stop downstream (take, first) aborts emit with a CancellationException while
            // the collecting coroutine is still active: a normal end. Anything else ends by the rule.
            val earlyStop = e === downstreamFailure && e is CancellationException && context.isActive
            stream.end(if (earlyStop) null else e)
            throw e
        }
        stream.end(null)
    }
}

/** Starts the span of one stream collection under the collector's scope. */
private fun startStreamSpan(
    context: CoroutineContext,
    name: String,
    provider: String?,
    model: String?,
    operation: String,
    attributes: Map<String, Any?>,
): LlmScope {
    val engine = ambientEngine(context) ?: return NonRecordingScope.DISABLED
    val parent = context[ScopeElement]?.scope ?: CurrentThreadScope.get()
    val request = context[RequestAttributes]?.attributes ?: Attributes.EMPTY
    return engine.startModelCall(name, ScopeKind.LLM, parent, null, provider, model, operation, attributes, request) as LlmScope
}
