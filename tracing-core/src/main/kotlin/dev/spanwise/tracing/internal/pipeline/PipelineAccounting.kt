package dev.spanwise.tracing.internal.pipeline

import dev.spanwise.tracing.export.BatchingConfig
import dev.spanwise.tracing.export.DropReason
import dev.spanwise.tracing.export.ExportCounts
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.internal.ThrottledLogger
import java.util.EnumMap
import java.util.concurrent.atomic.AtomicLong
import java.util.concurrent.atomic.AtomicLongArray

/**
 * The counts of one destination's pipeline.
 *
 * ### Invariants
 * - `enqueued == exported + Σ dropped(after enqueue) + pending` at all times; spans refused at the
 *   door are counted as dropped without ever being pending. Every drop has exactly one [DropReason].
 * - [bufferedBytes] holds the estimated bytes of every pending span — queued, in a batch waiting
 *   for an export slot, or in flight — until it is delivered or dropped; a span that would push it
 *   past `maxBufferedBytes` is refused as [DropReason.BUFFER_FULL].
 */
internal class PipelineAccounting(
    private val config: BatchingConfig,
    private val log: ThrottledLogger,
    private val outcomes: SpanOutcomes? = null,
    private val countsRecorded: Boolean = false,
) {
    val pending = AtomicLong()
    val enqueued = AtomicLong()
    private val bufferedBytes = AtomicLong()
    private val exported = AtomicLong()
    private val dropped = AtomicLongArray(DropReason.entries.size)
    private val warnedDrops = AtomicLong()

    /** Counts [bytes] against the byte bound; `false` (nothing counted) when they do not fit. */
    fun reserveBytes(bytes: Long): Boolean {
        if (bufferedBytes.addAndGet(bytes) <= config.maxBufferedBytes) return true
        bufferedBytes.addAndGet(-bytes)
        return false
    }

    fun releaseBytes(bytes: Long) {
        bufferedBytes.addAndGet(-bytes)
    }

    /** Estimated bytes of the spans not yet delivered or dropped. */
    fun bufferedBytes(): Long = bufferedBytes.get()

    /** A span reached this destination (refused or not): counted as recorded by the first destination. */
    fun offered() {
        if (countsRecorded) outcomes?.recorded()
    }

    /** [span] was refused at the door for [reason]. */
    fun refused(span: SpanData, reason: DropReason) {
        dropped.addAndGet(reason.ordinal, 1)
        outcomes?.resolved(span, reason)
    }

    /**
     * [spans] are resolved: [exported] of them delivered, the rest dropped as [drops] says (the
     * counts sum to `spans.size`). For the overall view the first [exported] spans count as the
     * delivered ones, the others take the reasons in order.
     */
    fun resolved(spans: List<SpanData>, exported: Long, drops: Map<DropReason, Long>) {
        if (exported > 0) this.exported.addAndGet(exported)
        for ((reason, n) in drops) if (n > 0) dropped.addAndGet(reason.ordinal, n)
        val o = outcomes ?: return
        var i = 0
        while (i < exported && i < spans.size) o.resolved(spans[i++], null)
        for ((reason, n) in drops) {
            var k = 0L
            while (k++ < n && i < spans.size) o.resolved(spans[i++], reason)
        }
    }

    fun snapshot(destination: String): ExportCounts {
        val map = EnumMap<DropReason, Long>(DropReason::class.java)
        for (r in DropReason.entries) {
            val n = dropped.get(r.ordinal)
            if (n != 0L) map[r] = n
        }
        return ExportCounts.of(destination, exported.get(), map, pending.get())
    }

    /** One aggregated warning for the queue drops since the last one (throttled by the logger). */
    fun warnQueueDrops() {
        val total = dropped.get(DropReason.QUEUE_FULL.ordinal) + dropped.get(DropReason.BUFFER_FULL.ordinal)
        val previous = warnedDrops.get()
        if (total > previous && warnedDrops.compareAndSet(previous, total)) {
            log.warn(
                "queue-drops",
                "Spanwise: dropped {} spans because the export queue was full (capacity {} spans, {} bytes); " +
                    "the exporter is not keeping up",
                total - previous,
                config.queueCapacity,
                config.maxBufferedBytes,
            )
        }
    }
}
