package dev.spanwise.tracing.model

import dev.spanwise.tracing.model.internal.Ids

/**
 * A link from one span to another that is not its parent. Spanwise links a TOOL span to the LLM span
 * whose response asked for the call ([reason] `tool_call`).
 */
public class SpanLink internal constructor(
    /** High 64 bits of the linked span's trace id. */
    public val traceIdHigh: Long,
    /** Low 64 bits of the linked span's trace id. */
    public val traceIdLow: Long,
    /** The linked span's id. */
    public val spanId: Long,
    /** Why the spans are linked, e.g. `tool_call`. */
    public val reason: String,
) {
    /** The linked trace id as 32 lower-case hex chars. */
    public val traceIdHex: String get() = Ids.traceIdHex(traceIdHigh, traceIdLow)

    /** The linked span id as 16 lower-case hex chars. */
    public val spanIdHex: String get() = Ids.spanIdHex(spanId)

    /** The linked span's scope id (`<trace id>-<span id>`). */
    public val scopeId: String get() = Ids.scopeId(traceIdHigh, traceIdLow, spanId)

    override fun equals(other: Any?): Boolean =
        other is SpanLink && other.traceIdHigh == traceIdHigh && other.traceIdLow == traceIdLow && other.spanId == spanId && other.reason == reason

    override fun hashCode(): Int = (spanId xor traceIdLow).hashCode() * 31 + reason.hashCode()

    override fun toString(): String = "SpanLink($scopeId, $reason)"

    /** Reasons. */
    public companion object {
        /** The [reason] of a link from a TOOL span to the LLM span whose response asked for the call. */
        public const val TOOL_CALL: String = "tool_call"
    }
}
