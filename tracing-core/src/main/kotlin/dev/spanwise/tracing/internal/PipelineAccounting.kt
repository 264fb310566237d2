package dev.spanwise.tracing.internal

import dev.spanwise.tracing.FlushResult
import dev.spanwise.tracing.export.BatchingConfig
import dev.spanwise.tracing.export.DropReason
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
internal class PipelineAccounting(private val config: BatchingConfig, private val log: ThrottledLogger) {
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

    fun drop(reason: DropReason, n: Long) {
        if (n > 0) dropped.addAndGet(reason.ordinal, n)
    }

    fun exported(n: Long) {
        if (n > 0) exported.addAndGet(n)
    }

    fun snapshot(destination: String): FlushResult {
        val map = EnumMap<DropReason, Long>(DropReason::class.java)
        for (r in DropReason.entries) {
            val n = dropped.get(r.ordinal)
            if (n != 0L) map[r] = n
        }
        return FlushResult.of(destination, exported.get(), map, pending.get())
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
