package dev.spanwise.tracing.model

/** How noteworthy a span is, independently of how it ended. */
public enum class SpanLevel {
    /** Nothing to flag. */
    DEFAULT,

    /** Something went wrong but the work went on (`warning(message)` on the scope); the span is not an error. */
    WARNING,

    /** The span ended with status [SpanStatus.ERROR]. */
    ERROR,
}
