package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.model.AttributeLimits
import dev.spanwise.tracing.model.ErrorInfo
import dev.spanwise.tracing.model.internal.ThrottledLogger
import dev.spanwise.tracing.model.truncateChars
import java.util.concurrent.atomic.AtomicLong

/**
 * Bounds the free text a user hands to a span after it started — event names, a new span name,
 * the response model, finish reasons, exception types and messages — by the configured
 * [AttributeLimits], like span names and attribute values: a string is cut to
 * [AttributeLimits.maxValueLength] chars without splitting a surrogate pair, a list to
 * [AttributeLimits.maxAttributes] entries. Every cut is counted ([truncated]) and reported at DEBUG.
 */
internal object TextBounds {
    /** Strings and lists cut in this process (for diagnostics and tests). */
    val truncated = AtomicLong()

    /** [text] within [limits], counted and logged to [log] when cut. */
    fun value(text: String, limits: AttributeLimits, log: ThrottledLogger, what: String): String {
        val max = limits.maxValueLength
        if (text.length <= max) return text
        truncated.incrementAndGet()
        log.debug("Spanwise: {} of {} chars truncated to {}", what, text.length, max)
        return truncateChars(text, max)
    }

    /** At most [AttributeLimits.maxAttributes] entries of [values], each bounded like [value]. */
    fun values(values: Array<out String>, limits: AttributeLimits, log: ThrottledLogger, what: String): List<String> {
        val kept = if (values.size > limits.maxAttributes) {
            truncated.incrementAndGet()
            log.debug("Spanwise: {} list of {} entries cut to {}", what, values.size, limits.maxAttributes)
            values.copyOf(limits.maxAttributes)
        } else {
            values
        }
        return kept.map { value(it!!, limits, log, what) }
    }

    /** [error] with its type and message bounded like [value] (the stack trace has its own bound). */
    fun error(error: ErrorInfo, limits: AttributeLimits, log: ThrottledLogger): ErrorInfo {
        val type = value(error.type, limits, log, "exception type")
        val message = error.message?.let { value(it, limits, log, "exception message") }
        return if (type === error.type && message === error.message) error else ErrorInfo(type, message, error.stackTrace, error.epochNanos)
    }
}
