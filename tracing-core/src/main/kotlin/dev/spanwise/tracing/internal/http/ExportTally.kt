package dev.spanwise.tracing.internal.http

import dev.spanwise.tracing.export.DropReason
import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.export.SpanData
import java.util.Collections
import java.util.EnumMap
import java.util.IdentityHashMap

/**
 * What became of the spans of one batch sent as several requests: delivered, or dropped by
 * reason. Spans are tracked by identity, which is what the pipeline hands back on a retry.
 */
internal class ExportTally {
    val handled: MutableSet<SpanData> = Collections.newSetFromMap(IdentityHashMap())
    var delivered = 0L
        private set
    val dropped = EnumMap<DropReason, Long>(DropReason::class.java)
    var message: String? = null

    fun delivered(spans: List<SpanData>) {
        for (s in spans) if (handled.add(s)) delivered++
    }

    /** [count] of the delivered spans were rejected by the server. */
    fun reject(count: Long, message: String? = null) {
        val k = count.coerceAtMost(delivered)
        delivered -= k
        add(DropReason.REJECTED_BY_SERVER, k)
        if (message != null) this.message = message
    }

    fun drop(reason: DropReason, spans: List<SpanData>) {
        var n = 0L
        for (s in spans) if (handled.add(s)) n++
        add(reason, n)
    }

    private fun add(reason: DropReason, n: Long) {
        if (n > 0) dropped[reason] = (dropped[reason] ?: 0L) + n
    }

    fun merge(other: ExportTally) {
        handled.addAll(other.handled)
        delivered += other.delivered
        for ((r, n) in other.dropped) add(r, n)
        if (message == null) message = other.message
    }

    /** The result of the whole batch of [size] spans; [lastFailure] explains an all-dropped batch. */
    fun result(size: Int, lastFailure: ExportResult.Failure?): ExportResult {
        val total = dropped.values.sum()
        if (total == 0L) return ExportResult.Success
        if (delivered == 0L && total == size.toLong() && dropped.size == 1 && lastFailure != null) {
            return ExportResult.Failure(lastFailure.cause, retryable = false, reason = dropped.keys.first())
        }
        return ExportResult.PartialSuccess(total, message, EnumMap(dropped))
    }
}

/**
 * Remembers which spans of a batch were already handled when a call ended with a retryable
 * failure, so the retry of the same batch sends only the rest.
 */
internal class ResumableBatch {
    private var previous: ExportTally? = null

    /** The spans of [batch] not handled by an earlier, interrupted call. */
    fun remaining(batch: List<SpanData>): List<SpanData> {
        val p = previous ?: return batch
        val rest = batch.filter { it !in p.handled }
        if (rest.size == batch.size) previous = null
        return rest
    }

    /** Keeps [tally] (plus anything earlier) for the retry of [batch]. */
    fun interrupted(tally: ExportTally) {
        previous?.let { tally.merge(it) }
        previous = tally
    }

    /** The final tally of a batch: this call's plus any earlier interrupted call's. */
    fun finish(tally: ExportTally): ExportTally {
        previous?.let { tally.merge(it) }
        previous = null
        return tally
    }
}
