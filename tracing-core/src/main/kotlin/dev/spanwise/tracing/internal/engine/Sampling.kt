package dev.spanwise.tracing.internal.engine

/**
 * The sampling rule: a trace is sampled when `traceIdLow >>> 1 < threshold`, the threshold being
 * `rate × Long.MAX_VALUE`, so every service and every child of a trace reaches the same answer
 * from the trace id alone, without a flag ([TracingEngine.isSampled] applies it per span).
 */
internal object Sampling {
    /** The threshold for [rate]: [Long.MAX_VALUE] samples everything, 0 nothing. */
    fun threshold(rate: Double): Long = when {
        rate >= 1.0 -> Long.MAX_VALUE
        rate <= 0.0 -> 0L
        else -> (rate * Long.MAX_VALUE.toDouble()).toLong()
    }
}
