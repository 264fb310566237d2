package dev.spanwise.tracing.openai.internal

import com.openai.models.responses.ResponseCreateParams
import com.openai.models.responses.ResponseInputContent
import com.openai.models.responses.ResponseInputItem

/**
 * A Responses API request's input as text: the instructions as a `system:` line, then one
 * `role: text` line per input message; function results as `tool:` lines; other items are named.
 */
internal object ResponsesInput {
    fun render(params: ResponseCreateParams): String {
        val out = StringBuilder()
        Guard.valueOf { params.instructions().orElse(null) }?.let { out.append("system: ").append(it) }
        val input = Guard.valueOf { params.input().orElse(null) } ?: return out.toString()
        if (input.isText()) {
            line(out, "user").append(input.asText())
            return out.toString()
        }
        for (item in input.asResponse()) Guard.valueOf { item(out, item) }
        return out.toString()
    }

    private fun item(out: StringBuilder, item: ResponseInputItem) {
        when {
            item.isEasyInputMessage() -> {
                val message = item.asEasyInputMessage()
                line(out, message.role().asString())
                val content = message.content()
                if (content.isTextInput()) out.append(content.asTextInput()) else parts(out, content.asResponseInputMessageContentList())
            }
            item.isMessage() -> {
                val message = item.asMessage()
                line(out, message.role().asString())
                parts(out, message.content())
            }
            item.isFunctionCallOutput() -> {
                val output = item.asFunctionCallOutput().output()
                line(out, "tool").append(if (output.isString()) output.asString() else "[output]")
            }
            item.isFunctionCall() -> {
                val call = item.asFunctionCall()
                line(out, "assistant").append("[tool call ").append(call.name()).append('(').append(call.arguments()).append(")]")
            }
            else -> line(out, "item").append("[other]")
        }
    }

    private fun line(out: StringBuilder, role: String): StringBuilder {
        if (out.isNotEmpty()) out.append('\n')
        return out.append(role).append(": ")
    }

    private fun parts(out: StringBuilder, parts: List<ResponseInputContent>) {
        for (part in parts) {
            when {
                part.isInputText() -> out.append(part.asInputText().text())
                part.isInputImage() -> out.append("[image]")
                part.isInputFile() -> out.append("[file]")
            }
        }
    }
}
