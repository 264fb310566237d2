package dev.spanwise.tracing.model

/** A timestamped, named occurrence on a span. */
public class SpanEvent internal constructor(
    /** The event name. */
    public val name: String,
    /** When it happened, in nanoseconds since the Unix epoch. */
    public val epochNanos: Long,
    /** Its attributes. */
    public val attributes: Attributes,
) {
    override fun toString(): String = "SpanEvent(name=$name, epochNanos=$epochNanos, attributes=$attributes)"
}
