package dev.spanwise.tracing.internal.pipeline

import dev.spanwise.tracing.export.DropReason
import dev.spanwise.tracing.export.ExportCounts
import dev.spanwise.tracing.model.SpanData
import java.util.EnumMap
import java.util.concurrent.atomic.AtomicLong
import java.util.concurrent.atomic.AtomicLongArray

/**
 * The overall outcome of each span when several destinations export it (see [ExportCounts]): a span
 * is exported once every destination delivered it, dropped (first reason wins) once every
 * destination resolved it and one dropped it, pending until then. Each pipeline reports every
 * span it resolves; only the first pipeline reports the spans recorded.
 */
internal class SpanOutcomes(private val destinations: Int) {
    private val recorded = AtomicLong()
    private val exported = AtomicLong()
    private val dropped = AtomicLongArray(DropReason.entries.size)

    fun recorded() {
        recorded.incrementAndGet()
    }

    /** [span] was resolved at one destination: delivered when [reason] is `null`, else dropped for it. */
    fun resolved(span: SpanData, reason: DropReason?) {
        val worst: Int
        synchronized(span) {
            val state = span.outcomeState
            val count = (state and COUNT_MASK) + 1
            var w = state ushr REASON_SHIFT
            if (w == 0 && reason != null) w = reason.ordinal + 1
            span.outcomeState = (w shl REASON_SHIFT) or count
            if (count < destinations) return
            worst = w
        }
        if (worst == 0) exported.incrementAndGet() else dropped.incrementAndGet(worst - 1)
    }

    /** The overall result, with [perDestination] as its breakdown. */
    fun combine(perDestination: List<ExportCounts>): ExportCounts {
        val map = EnumMap<DropReason, Long>(DropReason::class.java)
        for (r in DropReason.entries) {
            val n = dropped.get(r.ordinal)
            if (n != 0L) map[r] = n
        }
        val e = exported.get()
        val pending = maxOf(0L, recorded.get() - e - map.values.sum())
        return ExportCounts(e, map, pending, perDestination.flatMap { it.destinations })
    }

    private companion object {
        const val COUNT_MASK = 0xFFFF
        const val REASON_SHIFT = 16
    }
}
