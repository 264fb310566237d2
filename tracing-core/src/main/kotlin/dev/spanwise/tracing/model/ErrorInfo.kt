package dev.spanwise.tracing.model

/** The error that failed a span: what encoders turn into an `exception` event and an error status. */
public class ErrorInfo internal constructor(
    /** The exception's fully qualified class name. */
    public val type: String,
    /** Its message (after the content mask, when one is configured), or `null`. */
    public val message: String?,
    /** Its stack trace as printed by `printStackTrace`, bounded in length. */
    public val stackTrace: String,
    /** When it was recorded, in nanoseconds since the Unix epoch. */
    public val epochNanos: Long,
) {
    override fun toString(): String = "ErrorInfo(type=$type, message=$message)"
}
