package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.model.LlmRequestParams
import dev.spanwise.tracing.model.PromptReference
import dev.spanwise.tracing.model.ToolCallRequest
import dev.spanwise.tracing.model.truncateChars

/*
 * What a live span records beyond attributes and events — input, output, a warning, LLM request
 * parameters, the response id and the prompt — applying the content rules and limits. Called by
 * [RecordingSpan] once it has checked the span is still open.
 */

/** Input content: kept only when capture is on, masked and bounded. */
internal fun RecordingSpan.recordInput(content: String) {
    val captured = engine.content.capture(content) ?: return
    extras().input = captured
}

/** Output content: kept only when capture is on, masked and bounded. */
internal fun RecordingSpan.recordOutput(content: String) {
    val captured = engine.content.capture(content) ?: return
    extras().output = captured
}

/** A warning: the message masked and bounded like an exception message. */
internal fun RecordingSpan.recordWarning(message: String) {
    extras().warning = engine.content.message(message)
}

/** Merges the given request parameters over earlier ones; out-of-range values are dropped and counted. */
internal fun RecordingSpan.recordRequest(
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
) {
    if (isEnded) return engine.afterEnd(this, "request")
    fun finite(v: Double?, what: String) = v?.takeIf { it.isFinite() }.also { if (v != null && it == null) engine.misuse("$what $v ignored") }
    fun count(v: Long?, what: String) = v?.takeIf { it >= 0 }.also { if (v != null && it == null) engine.misuse("$what $v ignored") }
    val stops = stopSequences?.let { list ->
        TextBounds.values(list.filterNotNull().toTypedArray(), engine.limits, engine.log, "stop sequence")
    }
    val given = LlmRequestParams(
        finite(temperature, "temperature"), finite(topP, "top_p"), count(topK, "top_k"), count(maxTokens, "max tokens"), seed, stops,
        finite(frequencyPenalty, "frequency penalty"), finite(presencePenalty, "presence penalty"), stream, count(choiceCount, "choice count"),
    )
    synchronized(this) {
        val state = llm()
        state.request = state.request?.mergedWith(given) ?: given
    }
}

/** The provider's answer id, bounded. */
internal fun RecordingSpan.recordResponseId(id: String) {
    if (id.isBlank()) return engine.misuse("blank response id ignored")
    llm().responseId = TextBounds.value(id, engine.limits, engine.log, "response id")
}

/** The prompt reference; variables only when capture is on, each masked and bounded like content. */
internal fun RecordingSpan.recordPrompt(name: String, version: String?, variables: Map<String, Any?>) {
    if (name.isBlank()) return engine.misuse("blank prompt name ignored")
    val kept = LinkedHashMap<String, String>()
    for ((k, v) in variables) {
        @Suppress("SENSELESS_COMPARISON")
        if (k == null || v == null || kept.size >= engine.limits.maxAttributes) continue
        val captured = engine.content.capture(v.toString()) ?: continue
        kept[truncateChars(k, engine.limits.maxValueLength)] = captured
    }
    llm().prompt = PromptReference(
        TextBounds.value(name, engine.limits, engine.log, "prompt name"),
        version?.let { TextBounds.value(it, engine.limits, engine.log, "prompt version") },
        kept,
    )
}

/** A tool call the response asked for: id and name bounded, arguments only when capture is on. */
internal fun RecordingSpan.recordToolCall(id: String, name: String, arguments: String?) {
    if (id.isBlank() || name.isBlank()) return engine.misuse("tool call with a blank id or name ignored")
    val call = ToolCallRequest(
        TextBounds.value(id, engine.limits, engine.log, "tool call id"),
        TextBounds.value(name, engine.limits, engine.log, "tool name"),
        arguments?.let { engine.content.capture(it) },
    )
    synchronized(this) {
        val state = llm()
        if (state.toolCalls.size >= engine.limits.maxAttributes) return engine.misuse("tool call '${call.name}' over the limit ignored")
        state.toolCalls = state.toolCalls + call
    }
    engine.toolCallLinks.asked(this, call.id)
}

/** The id of the tool call this span executes, linked to the LLM span of this trace that asked for it. */
internal fun RecordingSpan.recordToolCallId(id: String) {
    if (id.isBlank()) return engine.misuse("blank tool call id ignored")
    val bounded = TextBounds.value(id, engine.limits, engine.log, "tool call id")
    val extras = extras()
    extras.toolCallId = bounded
    extras.toolCallLink = engine.toolCallLinks.linkFor(this, bounded)
}
