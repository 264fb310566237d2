package dev.spanwise.tracing.openai.internal

import com.openai.models.chat.completions.ChatCompletionContentPart
import com.openai.models.chat.completions.ChatCompletionContentPartText
import com.openai.models.chat.completions.ChatCompletionMessageParam
import com.openai.models.chat.completions.ChatCompletionMessageToolCall

/**
 * Chat messages as text, one `role: text` line per message — the span's input. Non-text parts are
 * named (`[image]`, `[audio]`, `[file]`), tool calls appear as `name(arguments)`. Core decides whether
 * the text is kept (content capture) and masks and bounds it.
 */
internal object ChatMessages {
    fun render(messages: List<ChatCompletionMessageParam>): String {
        val out = StringBuilder()
        for (message in messages) {
            if (out.isNotEmpty()) out.append('\n')
            out.append(role(message)).append(": ")
            Guard.valueOf { appendText(out, message) }
        }
        return out.toString()
    }

    @Suppress("DEPRECATION") // function messages are deprecated but still sent
    private fun role(m: ChatCompletionMessageParam): String = when {
        m.isSystem() -> "system"
        m.isDeveloper() -> "developer"
        m.isUser() -> "user"
        m.isAssistant() -> "assistant"
        m.isTool() -> "tool"
        m.isFunction() -> "function"
        else -> "unknown"
    }

    @Suppress("DEPRECATION")
    private fun appendText(out: StringBuilder, m: ChatCompletionMessageParam) {
        when {
            m.isSystem() -> m.asSystem().content().let { c -> if (c.isText()) out.append(c.asText()) else texts(out, c.asArrayOfContentParts()) }
            m.isDeveloper() -> m.asDeveloper().content().let { c -> if (c.isText()) out.append(c.asText()) else texts(out, c.asArrayOfContentParts()) }
            m.isUser() -> m.asUser().content().let { c -> if (c.isText()) out.append(c.asText()) else parts(out, c.asArrayOfContentParts()) }
            m.isTool() -> m.asTool().content().let { c -> if (c.isText()) out.append(c.asText()) else texts(out, c.asArrayOfContentParts()) }
            m.isFunction() -> out.append(m.asFunction().content().orElse(""))
            m.isAssistant() -> {
                val assistant = m.asAssistant()
                assistant.content().ifPresent { c ->
                    if (c.isText()) {
                        out.append(c.asText())
                    } else {
                        for (part in c.asArrayOfContentParts()) {
                            if (part.isText()) {
                                out.append(part.asText().text())
                            } else if (part.isRefusal()) {
                                out.append(part.asRefusal().refusal())
                            }
                        }
                    }
                }
                assistant.toolCalls().ifPresent { calls -> toolCalls(out, calls) }
            }
        }
    }

    private fun texts(out: StringBuilder, parts: List<ChatCompletionContentPartText>) {
        for (part in parts) out.append(part.text())
    }

    private fun parts(out: StringBuilder, parts: List<ChatCompletionContentPart>) {
        for (part in parts) {
            when {
                part.isText() -> out.append(part.asText().text())
                part.isImageUrl() -> out.append("[image]")
                part.isInputAudio() -> out.append("[audio]")
                part.isFile() -> out.append("[file]")
            }
        }
    }

    private fun toolCalls(out: StringBuilder, calls: List<ChatCompletionMessageToolCall>) {
        for (call in calls) {
            if (!call.isFunction()) continue
            val function = call.asFunction().function()
            out.append(" [tool call ").append(function.name()).append('(').append(function.arguments()).append(")]")
        }
    }
}
