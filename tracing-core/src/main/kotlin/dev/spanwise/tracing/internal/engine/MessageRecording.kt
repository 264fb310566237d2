package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.model.ChatMessage
import dev.spanwise.tracing.model.ToolCallRequest

/*
 * An LLM call's structured content — input and output messages and system instructions — under the
 * content rules: nothing when capture is off; each text masked and bounded; at most `maxAttributes`
 * messages (the rest are counted as misuse). Called by [RecordingSpan] once it has checked the span
 * is still open.
 */

/** Keeps [messages] as the call's input (or, with [output], its output) messages; a later call replaces them. */
internal fun RecordingSpan.recordMessages(messages: List<ChatMessage>, output: Boolean) {
    if (!engine.content.enabled) return
    val kept = ArrayList<ChatMessage>(minOf(messages.size, engine.limits.maxAttributes))
    for (message in messages) {
        @Suppress("SENSELESS_COMPARISON")
        if (message == null) continue
        if (kept.size >= engine.limits.maxAttributes) {
            engine.misuse("${messages.size - kept.size} messages over the limit of ${engine.limits.maxAttributes} dropped")
            break
        }
        val text = message.content?.let { engine.content.capture(it) ?: return }
        kept += ChatMessage.withText(message, text, message.toolCalls.map { boundedCall(it) ?: return })
    }
    synchronized(this) {
        val state = llm()
        if (output) state.outputMessages = kept else state.inputMessages = kept
    }
}

/** Keeps the system instructions given apart from the messages. */
internal fun RecordingSpan.recordSystemInstructions(text: String) {
    val captured = engine.content.capture(text) ?: return
    llm().systemInstructions = captured
}

/** A tool call inside a message, id and name bounded, arguments as content; `null` when capture is off. */
private fun RecordingSpan.boundedCall(call: ToolCallRequest): ToolCallRequest? {
    val arguments = call.arguments?.let { engine.content.capture(it) ?: return null }
    return ToolCallRequest(
        TextBounds.value(call.id, engine.limits, engine.log, "tool call id"),
        TextBounds.value(call.name, engine.limits, engine.log, "tool name"),
        arguments,
    )
}
