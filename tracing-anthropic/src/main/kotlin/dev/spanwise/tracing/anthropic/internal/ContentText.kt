package dev.spanwise.tracing.anthropic.internal

import com.anthropic.core.jsonMapper
import com.anthropic.models.messages.Message
import com.anthropic.models.messages.MessageCreateParams
import com.fasterxml.jackson.databind.JsonNode

/**
 * Renders a request's system prompt and messages, and a response's text, as plain text for the
 * span's input and output (core then decides whether to keep them, masks and bounds them).
 * Text blocks are kept as they are; other blocks appear as `[type]` (tool calls with their name).
 */
internal object ContentText {
    /** `system: …` then one `role: …` line per message. */
    fun request(params: MessageCreateParams): String {
        val body: JsonNode = jsonMapper().valueToTree(params._body())
        val out = StringBuilder()
        body.get("system")?.let { if (!it.isNull) line(out, "system", it) }
        body.get("messages")?.forEach { message -> line(out, message.path("role").asText("user"), message.get("content")) }
        return out.toString()
    }

    /** The text blocks of [message], one after another. */
    fun response(message: Message): String {
        val out = StringBuilder()
        message.content().forEach { block ->
            block.text().ifPresent { out.append(it.text()) }
        }
        return out.toString()
    }

    private fun line(out: StringBuilder, role: String, content: JsonNode?) {
        if (out.isNotEmpty()) out.append('\n')
        out.append(role).append(": ")
        when {
            content == null || content.isNull -> Unit
            content.isTextual -> out.append(content.asText())
            content.isArray -> content.forEachIndexed { i, block -> block(out, block, i > 0) }
            else -> out.append(content.toString())
        }
    }

    private fun block(out: StringBuilder, block: JsonNode, separate: Boolean) {
        if (separate) out.append(' ')
        val type = block.path("type").asText()
        when (type) {
            "text" -> out.append(block.path("text").asText())
            "tool_use" -> out.append("[tool_use ").append(block.path("name").asText()).append(' ').append(block.path("input").toString()).append(']')
            "tool_result" -> {
                out.append("[tool_result] ")
                val result = block.get("content")
                if (result != null && result.isTextual) out.append(result.asText()) else result?.forEach { block(out, it, false) }
            }
            else -> out.append('[').append(type).append(']')
        }
    }
}
