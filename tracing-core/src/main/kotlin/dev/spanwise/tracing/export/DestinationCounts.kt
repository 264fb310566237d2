package dev.spanwise.tracing.export

/**
 * One destination's counts inside a [ExportCounts]: spans it delivered, dropped by reason, and still
 * holds. `exported + droppedTotal + pending` is the number of spans recorded (every destination
 * gets every span).
 */
public class DestinationCounts internal constructor(
    /** The destination's exporter, as its `toString()` names it (API keys masked). */
    public val destination: String,
    /** Spans this destination delivered. */
    public val exported: Long,
    /** Spans this destination dropped, by reason (only non-zero reasons appear). */
    public val dropped: Map<DropReason, Long>,
    /** Spans this destination still holds (queued or in flight). */
    public val pending: Long,
) {
    /** The sum of [dropped]. */
    public val droppedTotal: Long get() = dropped.values.sum()

    /** Drops for one [reason]. */
    public fun dropped(reason: DropReason): Long = dropped[reason] ?: 0L

    override fun toString(): String = "DestinationCounts($destination: exported=$exported, dropped=$dropped, pending=$pending)"
}
