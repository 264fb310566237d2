package dev.spanwise.tracing.exporters.internal.encode

import dev.spanwise.tracing.exporters.internal.json.ByteSink
import dev.spanwise.tracing.exporters.internal.json.Utf8JsonWriter
import dev.spanwise.tracing.model.ChatMessage
import dev.spanwise.tracing.model.LlmCallData

/**
 * An LLM call's structured content in the OpenTelemetry GenAI shape: `gen_ai.input.messages`,
 * `gen_ai.output.messages` (with each choice's finish reason) and `gen_ai.system_instructions`, each
 * a JSON string of messages made of `text`, `tool_call` and `tool_call_response` parts.
 */
internal object MessagesJson {
    fun put(llm: LlmCallData, sink: AttributeSink) {
        if (llm.inputMessages.isNotEmpty()) sink.put("gen_ai.input.messages", messages(llm.inputMessages, null))
        if (llm.outputMessages.isNotEmpty()) sink.put("gen_ai.output.messages", messages(llm.outputMessages, llm.finishReasons))
        llm.systemInstructions?.let { text ->
            val w = writer(text.length)
            w.beginArray().beginObject().field("type", "text").field("content", text).endObject().endArray()
            sink.put("gen_ai.system_instructions", w.toString())
        }
    }

    private fun messages(messages: List<ChatMessage>, finishReasons: List<String>?): String {
        val w = writer(messages.sumOf { 48 + (it.content?.length ?: 0) + it.toolCalls.sumOf { c -> 48 + (c.arguments?.length ?: 0) } })
        w.beginArray()
        messages.forEachIndexed { i, m ->
            w.beginObject().field("role", m.role)
            w.name("parts").beginArray()
            val answersCall = m.toolCallId
            if (answersCall != null) {
                w.beginObject().field("type", "tool_call_response").field("id", answersCall)
                m.content?.let { w.field("response", it) }
                w.endObject()
            } else {
                m.content?.let { w.beginObject().field("type", "text").field("content", it).endObject() }
            }
            for (c in m.toolCalls) {
                w.beginObject().field("type", "tool_call").field("id", c.id).field("name", c.name)
                c.arguments?.let { w.field("arguments", it) }
                w.endObject()
            }
            w.endArray()
            finishReasons?.getOrNull(i)?.let { w.field("finish_reason", it) }
            w.endObject()
        }
        w.endArray()
        return w.toString()
    }

    private fun writer(chars: Int) = Utf8JsonWriter(ByteSink(64 + chars * 2))
}
