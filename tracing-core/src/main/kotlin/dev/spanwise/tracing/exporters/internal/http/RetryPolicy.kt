package dev.spanwise.tracing.exporters.internal.http

/**
 * Which answers an HTTP exporter retries, and how much retrying fits in one export call. Times in
 * milliseconds; the waits themselves come from [dev.spanwise.tracing.model.internal.Backoff].
 *
 * Within one export call: up to [maxAttempts] requests, waiting the backoff (capped at
 * [maxBackoffMillis], and at the pipeline's `maxRetryBackoff`) between them, never past
 * [callBudgetMillis]. When the call gives up, the failure names the next step of the backoff as a
 * suggestion; the pipeline owns the wait between calls.
 */
internal class RetryPolicy(
    val retryableStatuses: Set<Int>,
    val maxAttempts: Int = 5,
    val maxBackoffMillis: Long = 5_000,
    val callBudgetMillis: Long = 9_000,
) {
    companion object {
        /** OTLP: 429, 502, 503, 504 (and network errors). */
        val OTLP_RETRYABLE: Set<Int> = setOf(429, 502, 503, 504)

        /** Vendor ingest APIs, whose event ids make a re-send safe: also 500. */
        val VENDOR_RETRYABLE: Set<Int> = setOf(429, 500, 502, 503, 504)
    }
}
