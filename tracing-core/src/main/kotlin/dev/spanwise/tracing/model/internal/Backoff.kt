package dev.spanwise.tracing.model.internal

import kotlin.random.Random

/**
 * The one backoff of the export path: 1 s × 1.5ⁿ, capped, with jitter U(0.8, 1.2). The transport
 * uses it between the attempts of one export call ([millis], [jitter]), the pipeline between export
 * calls of a batch ([betweenCalls]).
 */
internal object Backoff {
    const val INITIAL_MILLIS: Long = 1_000
    const val MULTIPLIER: Double = 1.5

    /** The longest server `Retry-After` honoured; a longer one is cut to this. */
    const val MAX_RETRY_AFTER_MILLIS: Long = 60_000

    /** The un-jittered wait before retry number [step] (1-based), capped at [capMillis]. */
    fun millis(step: Int, capMillis: Long): Long {
        var base = INITIAL_MILLIS.toDouble()
        for (i in 1 until step) {
            base *= MULTIPLIER
            if (base >= capMillis) return capMillis
        }
        return minOf(base.toLong(), capMillis)
    }

    /** [millis] scaled by a factor in [0.8, 1.2) drawn from [uniform] (a value in [0, 1)). */
    fun jitter(millis: Long, uniform: Double): Long = (millis * (0.8 + 0.4 * uniform)).toLong()

    /**
     * How long the pipeline waits before it tries a batch again after its [failures]-th retryable
     * failure: the server's [retryAfterMillis] when there is one (at most [MAX_RETRY_AFTER_MILLIS]),
     * else the backoff lengthened to the exporter's [suggestedMillis], with jitter drawn from
     * [random], never more than [capMillis].
     */
    fun betweenCalls(failures: Int, retryAfterMillis: Long?, suggestedMillis: Long?, capMillis: Long, random: Random): Long {
        retryAfterMillis?.let { return it.coerceIn(0, MAX_RETRY_AFTER_MILLIS) }
        val own = millis(failures, capMillis)
        val suggested = suggestedMillis?.coerceIn(0, capMillis) ?: 0L
        return minOf(jitter(maxOf(own, suggested), random.nextDouble()), capMillis)
    }
}
