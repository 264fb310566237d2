package dev.spanwise.tracing.export

/**
 * What the export pipeline has done since the `Tracing` was built, counted per span recorded.
 * Counts are cumulative, so `recorded == exported + droppedTotal + pending` holds (exactly once
 * the pipeline is at rest; a result taken while spans move may be off by those in motion).
 *
 * ### Several destinations
 * Every destination (each member of a composite exporter) gets every span, and [destinations]
 * holds each one's own counts, which obey the same invariant. The overall counts count each span
 * once, by this rule:
 * - **exported** once every destination delivered it;
 * - **dropped** once every destination has resolved it and at least one dropped it, under the
 *   reason of the first destination that dropped it;
 * - **pending** until then.
 *
 * When a backend rejects k spans of a batch without naming them (OTLP `partialSuccess`, a short
 * 2Signal `accepted`), the last k spans of that batch are taken as the rejected ones.
 *
 * With one destination the overall counts are that destination's.
 */
public class ExportCounts internal constructor(
    /** Spans delivered (to every destination). */
    public val exported: Long,
    /** Spans dropped, by reason (only non-zero reasons appear). */
    public val dropped: Map<DropReason, Long>,
    /** Spans still queued or in flight when the result was taken (non-zero after a timeout). */
    public val pending: Long,
    /** Each destination's own counts, in the order the exporters were configured. */
    public val destinations: List<DestinationCounts>,
) {
    /** Spans recorded and handed to the export pipeline: `exported + droppedTotal + pending`. */
    public val recorded: Long get() = exported + droppedTotal + pending

    /** The sum of [dropped]. */
    public val droppedTotal: Long get() = dropped.values.sum()

    /** Whether nothing was pending: every span ended before the call was handed to an exporter. */
    public val isComplete: Boolean get() = pending == 0L

    /** Drops for one [reason]. */
    public fun dropped(reason: DropReason): Long = dropped[reason] ?: 0L

    override fun toString(): String =
        "ExportCounts(exported=$exported, dropped=$dropped, pending=$pending" +
            (if (destinations.size > 1) ", destinations=$destinations)" else ")")

    internal companion object {
        internal val EMPTY: ExportCounts = ExportCounts(0, emptyMap(), 0, emptyList())

        /** The result of a single destination. */
        internal fun of(destination: String, exported: Long, dropped: Map<DropReason, Long>, pending: Long): ExportCounts =
            ExportCounts(exported, dropped, pending, listOf(DestinationCounts(destination, exported, dropped, pending)))
    }
}
