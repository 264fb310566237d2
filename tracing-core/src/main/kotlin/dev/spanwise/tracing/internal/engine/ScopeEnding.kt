package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.scope.TraceScope
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.TimeoutCancellationException

/**
 * How a scope run by a DSL block ends, from the block's outcome — the one rule for every block:
 *
 * - completed → OK (or ERROR when an exception was recorded on it);
 * - failed with an exception → ERROR with that exception;
 * - cancelled because of a timeout (a `TimeoutCancellationException` anywhere in the cause chain,
 *   from `withTimeout` inside or outside the block) → ERROR, with the timeout as the error;
 * - cancelled for any other reason → CANCELLED.
 */
internal object ScopeEnding {
    /** Ends [span] with the outcome [error] (`null` for success). Never throws. */
    fun end(span: TraceScope, error: Throwable?) {
        try {
            when {
                error == null -> span.end()
                error is CancellationException -> {
                    val timeout = timeoutIn(error)
                    if (timeout == null) {
                        span.end(SpanStatus.CANCELLED)
                    } else {
                        span.recordException(timeout)
                        span.end(SpanStatus.ERROR)
                    }
                }
                else -> {
                    span.recordException(error)
                    span.end(SpanStatus.ERROR)
                }
            }
        } catch (t: Throwable) {
            if (t is VirtualMachineError) throw t
        }
    }

    /** The timeout in [error]'s cause chain, if there is one. */
    fun timeoutIn(error: Throwable): TimeoutCancellationException? {
        var current: Throwable? = error
        var depth = 0
        while (current != null && depth++ < MAX_CAUSE_DEPTH) {
            if (current is TimeoutCancellationException) return current
            if (current.cause === current) return null
            current = current.cause
        }
        return null
    }

    private const val MAX_CAUSE_DEPTH = 16
}
