package dev.spanwise.tracing.internal.http

/**
 * When and how often an HTTP exporter retries. Times in milliseconds.
 *
 * Within one export call: up to [maxAttempts] requests, waiting [initialBackoffMillis] ×
 * [multiplier]ⁿ (capped at [maxBackoffMillis]) between them, never past [callBudgetMillis].
 * When the call gives up, the next wait of the same sequence (capped at [maxCrossCallBackoffMillis])
 * is returned to the pipeline, which keeps the batch and tries again later with one request per
 * call until the backend answers.
 */
internal class RetryPolicy(
    val retryableStatuses: Set<Int>,
    val maxAttempts: Int = 5,
    val initialBackoffMillis: Long = 1_000,
    val multiplier: Double = 1.5,
    val maxBackoffMillis: Long = 5_000,
    val maxCrossCallBackoffMillis: Long = 30_000,
    val maxRetryAfterMillis: Long = 60_000,
    val callBudgetMillis: Long = 9_000,
) {
    /** The un-jittered wait before retry number [step] (1-based), capped at [cap]. */
    fun backoffMillis(step: Int, cap: Long): Long {
        var base = initialBackoffMillis.toDouble()
        for (i in 1 until step) {
            base *= multiplier
            if (base >= cap) return cap
        }
        return minOf(base.toLong(), cap)
    }

    companion object {
        /** OTLP: 429, 502, 503, 504 (and network errors). */
        val OTLP_RETRYABLE: Set<Int> = setOf(429, 502, 503, 504)

        /** Vendor ingest APIs, whose event ids make a re-send safe: also 500. */
        val VENDOR_RETRYABLE: Set<Int> = setOf(429, 500, 502, 503, 504)
    }
}
