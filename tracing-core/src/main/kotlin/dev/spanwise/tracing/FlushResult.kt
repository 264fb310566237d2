package dev.spanwise.tracing

import dev.spanwise.tracing.export.DropReason

/**
 * What the export pipeline has done since the `Tracing` was built: counts are cumulative, so
 * `recorded == exported + dropped + pending` holds at any moment.
 */
public class FlushResult internal constructor(
    /** Spans accepted by the exporters. */
    public val exported: Long,
    /** Spans dropped, by reason (only non-zero reasons appear). */
    public val dropped: Map<DropReason, Long>,
    /** Spans still queued or in flight when the result was taken (non-zero after a timeout). */
    public val pending: Long,
) {
    /** The sum of [dropped]. */
    public val droppedTotal: Long get() = dropped.values.sum()

    /** Whether nothing was pending: every span ended before the call was handed to an exporter. */
    public val isComplete: Boolean get() = pending == 0L

    /** Drops for one [reason]. */
    public fun dropped(reason: DropReason): Long = dropped[reason] ?: 0L

    override fun toString(): String = "FlushResult(exported=$exported, dropped=$dropped, pending=$pending)"

    internal companion object {
        val EMPTY = FlushResult(0, emptyMap(), 0)

        fun of(destination: String, exported: Long, dropped: Map<DropReason, Long>, pending: Long): FlushResult =
            FlushResult(exported, dropped, pending)
    }
}
