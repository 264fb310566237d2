package dev.spanwise.tracing.openai.internal

import dev.spanwise.tracing.scope.LlmScope

/** A tool call the model's answer asked for. [arguments] is content (JSON text). */
internal class ToolCall(val id: String, val name: String, val arguments: String?)

/** Records the tool calls of an answer (core keeps the arguments only with content capture). */
internal object ToolCalls {
    fun record(scope: LlmScope, calls: List<ToolCall>) {
        for (call in calls) scope.toolCall(call.id, call.name, call.arguments)
    }
}

/** Assembles streamed tool calls from their deltas, by index (id and name arrive first, arguments in pieces). */
internal class ToolCallAssembly {
    private class Parts(var id: String? = null, var name: String? = null, val arguments: StringBuilder = StringBuilder())

    private val byIndex = sortedMapOf<Long, Parts>()

    fun add(index: Long, id: String?, name: String?, arguments: String?) {
        val parts = byIndex.getOrPut(index) { Parts() }
        if (id != null) parts.id = id
        if (name != null) parts.name = name
        if (arguments != null) parts.arguments.append(arguments)
    }

    fun calls(): List<ToolCall> = byIndex.values.mapNotNull { p ->
        val name = p.name ?: return@mapNotNull null
        ToolCall(p.id ?: "", name, p.arguments.toString())
    }
}
