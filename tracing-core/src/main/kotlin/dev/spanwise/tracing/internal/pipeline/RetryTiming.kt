package dev.spanwise.tracing.internal.pipeline

import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.internal.util.Backoff
import kotlin.random.Random

/**
 * How long the pipeline waits before it tries a batch again after a retryable failure: the
 * server's `Retry-After` when the failure carries one (at most [Backoff.MAX_RETRY_AFTER_MILLIS]),
 * else the backoff for the [failures] so far, lengthened to the exporter's suggestion, with
 * jitter, never more than `maxRetryBackoff`.
 */
internal class RetryTiming(private val maxBackoffMillis: Long, private val random: Random) {
    fun waitMillis(failures: Int, failure: ExportResult.Failure): Long {
        failure.retryAfterMillis?.let { return it.coerceIn(0, Backoff.MAX_RETRY_AFTER_MILLIS) }
        val own = Backoff.millis(failures, maxBackoffMillis)
        val suggested = failure.suggestedBackoffMillis?.coerceIn(0, maxBackoffMillis) ?: 0L
        return minOf(Backoff.jitter(maxOf(own, suggested), random.nextDouble()), maxBackoffMillis)
    }
}
