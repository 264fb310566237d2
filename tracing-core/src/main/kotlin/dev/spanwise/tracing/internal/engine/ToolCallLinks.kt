package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.model.SpanLink

/**
 * Which LLM span asked for which tool call, so that the TOOL span executing it can link back: keyed
 * by trace and call id (providers reuse short ids such as `call_0` across conversations). Bounded —
 * the oldest entries go first — and touched only by spans that record tool calls.
 */
internal class ToolCallLinks(private val capacity: Int = DEFAULT_CAPACITY) {
    private val links = object : LinkedHashMap<Key, SpanLink>(64, 0.75f, false) {
        override fun removeEldestEntry(eldest: MutableMap.MutableEntry<Key, SpanLink>?): Boolean = size > capacity
    }

    /** Remembers that [llmSpan] asked for the call [callId]. */
    fun asked(llmSpan: RecordingSpan, callId: String) {
        val link = SpanLink(llmSpan.traceIdHigh, llmSpan.traceIdLow, llmSpan.spanIdValue, SpanLink.TOOL_CALL)
        synchronized(links) { links[Key(llmSpan.traceIdHigh, llmSpan.traceIdLow, callId)] = link }
    }

    /** The link to the LLM span of [callId] in the trace of [toolSpan], or `null` when none asked for it here. */
    fun linkFor(toolSpan: RecordingSpan, callId: String): SpanLink? =
        synchronized(links) { links[Key(toolSpan.traceIdHigh, toolSpan.traceIdLow, callId)] }

    private data class Key(val traceHigh: Long, val traceLow: Long, val callId: String)

    companion object {
        const val DEFAULT_CAPACITY = 10_000
    }
}
