package dev.spanwise.tracing.anthropic.internal

import com.anthropic.core.JsonValue
import com.anthropic.core.jsonMapper
import dev.spanwise.tracing.scope.LlmScope

/** A `tool_use` block of a response: a tool call the model asked for; [arguments] is its input as JSON. */
internal class ToolCall(val id: String, val name: String, val arguments: String?)

/** Records the tool calls of a response on its span. */
internal object ToolCalls {
    /** [input] (a `tool_use` block's input) as JSON text. */
    fun json(input: JsonValue): String? = if (input.isMissing()) null else jsonMapper().writeValueAsString(input)

    /**
     * Records [calls] on [call]. The arguments are content: core keeps them only with content
     * capture on, masked and bounded.
     */
    fun record(call: LlmScope, calls: List<ToolCall>) {
        for (c in calls) call.toolCall(c.id, c.name, c.arguments)
    }
}
