package dev.spanwise.tracing.model

/** How a scope or span ended. */
public enum class SpanStatus {
    /** The work completed. */
    OK,

    /** The work failed; the span carries the error. */
    ERROR,

    /** The work was cancelled (coroutine cancellation), which is not a failure of the work itself. */
    CANCELLED,
}
