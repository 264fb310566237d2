package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.model.UsageTotals
import dev.spanwise.tracing.model.internal.Ids
import dev.spanwise.tracing.scope.LlmScope
import dev.spanwise.tracing.scope.TraceScope

/**
 * A scope that records nothing: the disabled mode's single instance ([DISABLED]), a sampled-out
 * span (keeps its ids so children make the same sampling decision and headers still propagate), or a
 * placeholder for a remote parent.
 */
internal class NonRecordingScope(
    val traceIdHigh: Long,
    val traceIdLow: Long,
    val spanIdValue: Long,
    /** A placeholder for a parent in another process: children of it do record. */
    val isRemote: Boolean,
    val sampled: Boolean,
    override val correlationId: String? = null,
) : LlmScope {
    override val id: String get() = if (spanIdValue == 0L) "" else Ids.scopeId(traceIdHigh, traceIdLow, spanIdValue)
    override val traceId: String get() = if (spanIdValue == 0L) "" else Ids.traceIdHex(traceIdHigh, traceIdLow)
    override val spanId: String get() = if (spanIdValue == 0L) "" else Ids.spanIdHex(spanIdValue)
    override val name: String get() = ""
    override val kind: ScopeKind get() = ScopeKind.CUSTOM
    override val parentScopeId: String? get() = null
    override val isRecording: Boolean get() = false
    override val isEnded: Boolean get() = ended

    /** Set by [end] on a sampled-out span, so a thread's current scope skips it once it ended. */
    @Volatile private var ended = false

    override fun attribute(key: String, value: Any?) {}

    override fun attribute(key: String, value: Long) {}

    override fun attribute(key: String, value: Int) {}

    override fun attribute(key: String, value: Double) {}
    override fun event(name: String) = event(name, emptyMap())

    override fun event(name: String, attributes: Map<String, Any?>) {}
    override fun recordException(error: Throwable) {}
    override fun createChild(name: String, attributes: Map<String, Any?>, kind: ScopeKind): TraceScope =
        if (spanIdValue == 0L) this else NonRecordingScope(traceIdHigh, traceIdLow, Ids.newSpanId(), false, sampled, correlationId)

    override fun createLlmCall(name: String, provider: String?, model: String?, operation: String): LlmScope =
        createChild(name, emptyMap(), ScopeKind.LLM) as LlmScope

    override fun totals(): UsageTotals = UsageTotals.EMPTY
    override fun traceparent(): String =
        if (spanIdValue == 0L) "" else "00-${Ids.traceIdHex(traceIdHigh, traceIdLow)}-${Ids.spanIdHex(spanIdValue)}-0${if (sampled) 1 else 0}"

    override fun end() = markEnded()
    override fun end(status: SpanStatus) = markEnded()

    /** The shared disabled instance and remote placeholders never end; sampled-out spans do. */
    private fun markEnded() {
        if (spanIdValue != 0L && !isRemote) ended = true
    }
    override fun usage(inputTokens: Long, outputTokens: Long, cacheReadTokens: Long, cacheWriteTokens: Long, reasoningTokens: Long) {}
    override fun responseModel(model: String) {}
    override fun finishReasons(vararg reasons: String) {}
    override fun input(content: String) {}
    override fun output(content: String) {}
    override fun request(
        temperature: Double?,
        topP: Double?,
        topK: Long?,
        maxTokens: Long?,
        seed: Long?,
        stopSequences: List<String>?,
        frequencyPenalty: Double?,
        presencePenalty: Double?,
        stream: Boolean?,
        choiceCount: Long?,
    ) {}
    override fun responseId(id: String) {}
    override fun prompt(name: String, version: String?, variables: Map<String, Any?>) {}
    override fun toolCall(id: String, name: String, arguments: String?) {}

    override fun toString(): String = if (spanIdValue == 0L) "DisabledScope" else "NonRecordingScope($id)"

    companion object {
        /** The scope handed out when tracing is disabled. */
        val DISABLED = NonRecordingScope(0, 0, 0, isRemote = false, sampled = false)
    }
}
