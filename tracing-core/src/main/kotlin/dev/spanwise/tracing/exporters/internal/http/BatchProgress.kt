package dev.spanwise.tracing.exporters.internal.http

import dev.spanwise.tracing.export.DropReason
import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.model.SpanData
import java.util.Collections
import java.util.EnumMap
import java.util.IdentityHashMap

/**
 * What became of the spans of one batch sent as several requests: delivered, or dropped by
 * reason, each span at most once (tracked by identity). One instance lives as long as its batch,
 * across export calls, so a call cut short (a returned failure, a timeout, a cancellation) never
 * makes a later call send a request again whose 2xx already arrived.
 */
internal class BatchProgress {
    private val handled: MutableSet<SpanData> = Collections.newSetFromMap(IdentityHashMap())
    private val dropped = EnumMap<DropReason, Long>(DropReason::class.java)
    private var delivered = 0L
    private var message: String? = null

    /** The smallest span count of a request the backend answered 413 (later calls split below it). */
    @Volatile
    var tooLargeAt: Int = Int.MAX_VALUE

    /** Spans delivered or dropped so far. */
    @get:Synchronized
    val handledCount: Int get() = handled.size

    /** Spans accepted by the backend so far (net of spans it rejected). */
    @get:Synchronized
    val deliveredCount: Long get() = delivered

    /** Drops so far, by reason. */
    @Synchronized
    fun droppedCounts(): Map<DropReason, Long> = EnumMap(dropped)

    /** The spans of [batch] not yet delivered or dropped. */
    @Synchronized
    fun remaining(batch: List<SpanData>): List<SpanData> = if (handled.isEmpty()) batch else batch.filter { it !in handled }

    @Synchronized
    fun delivered(spans: List<SpanData>) {
        for (s in spans) if (handled.add(s)) delivered++
    }

    /** [count] of the delivered spans were rejected by the server. */
    @Synchronized
    fun reject(count: Long, message: String? = null) {
        val k = count.coerceAtMost(delivered)
        delivered -= k
        add(DropReason.REJECTED_BY_SERVER, k)
        if (message != null) this.message = message
    }

    @Synchronized
    fun drop(reason: DropReason, spans: List<SpanData>) {
        var n = 0L
        for (s in spans) if (handled.add(s)) n++
        add(reason, n)
    }

    private fun add(reason: DropReason, n: Long) {
        if (n > 0) dropped[reason] = (dropped[reason] ?: 0L) + n
    }

    /** The result of the whole batch of [size] spans once every span is handled; [lastFailure] explains an all-dropped batch. */
    @Synchronized
    fun result(size: Int, lastFailure: ExportResult.Failure?): ExportResult {
        val total = dropped.values.sum()
        if (total == 0L) return ExportResult.Success
        if (delivered == 0L && total == size.toLong() && dropped.size == 1) {
            return ExportResult.Failure(lastFailure?.cause, retryable = false, reason = dropped.keys.first())
        }
        return ExportResult.PartialSuccess(total, message, EnumMap(dropped))
    }
}
