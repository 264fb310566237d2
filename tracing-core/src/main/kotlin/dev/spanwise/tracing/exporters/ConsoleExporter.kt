package dev.spanwise.tracing.exporters

import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.model.SpanData
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.io.PrintStream

/**
 * Prints each trace as a readable tree once its local root ends: kind, name, duration, model,
 * tokens, cost and status per span, with totals per trace. For local development.
 *
 * ```
 * ● support-agent  trace 4bf92f3577b34da6a3ce929d0e0e4736  correlation order-42
 * └─ AGENT support-agent  1.24 s
 *    ├─ RETRIEVAL kb-search  120 ms
 *    ├─ LLM answer  450 ms  gpt-4o  tokens 1,200 in (800 cached) / 300 out  $0.005000
 *    └─ LLM summary  80 ms  llama-3-local  tokens 400 in / 50 out  (unpriced)
 *   total: 2 LLM calls, 1,600 in / 350 out tokens, $0.005000, 1 call unpriced
 * ```
 *
 * ### What the lines say
 * - Cost appears only on a call that reported usage and whose model has a price; a call with
 *   usage but no price says `(unpriced)`, and the trace's total says how many calls its cost leaves
 *   out (`$0.0029, 1 call unpriced`). A call with no usage shows no cost at all.
 * - Spans whose root has not ended yet are held (at most [maxHeldSpans]). A span that ends after
 *   its root is drawn inside the trace when it arrives in the same export batch; one that arrives
 *   after the trace was printed is printed on its own, marked `(late: parent <name> already printed)`.
 *   [shutdown] prints what is left as incomplete trees.
 */
public class ConsoleExporter @JvmOverloads constructor(
    private val out: PrintStream = System.out,
    /** Spans held while waiting for their root; past this, the oldest traces are printed as incomplete. */
    private val maxHeldSpans: Int = 10_000,
) : SpanExporter {
    private val held = LinkedHashMap<String, MutableList<SpanData>>()
    private var heldCount = 0

    /** Names of the spans printed lately, by span id, so that a late child can name its parent. Bounded. */
    private val printed = object : LinkedHashMap<Long, String>() {
        override fun removeEldestEntry(eldest: MutableMap.MutableEntry<Long, String>?): Boolean = size > REMEMBERED_SPANS
    }

    override suspend fun export(batch: List<SpanData>): ExportResult {
        val ready = ArrayList<Printable>()
        synchronized(held) {
            val touched = LinkedHashSet<String>()
            for (span in batch) {
                held.getOrPut(span.traceIdHex) { ArrayList() }.add(span)
                heldCount++
                touched.add(span.traceIdHex)
            }
            // Only after the whole batch is in: a child that ended after its root, in the same batch,
            // is drawn inside the trace.
            for (trace in touched) {
                val spans = held[trace] ?: continue
                if (spans.any { it.isLocalRoot }) {
                    release(trace, spans)
                    ready.add(Printable(spans))
                } else {
                    lateSubtrees(spans)?.let { late ->
                        spans.removeAll(late.toSet())
                        heldCount -= late.size
                        if (spans.isEmpty()) held.remove(trace)
                        ready.add(Printable(late, late.mapNotNull { s -> printed[s.parentSpanId]?.let { s.parentSpanId to it } }.toMap()))
                    }
                }
            }
            while (heldCount > maxHeldSpans && held.isNotEmpty()) {
                val oldest = held.keys.first()
                val spans = held[oldest]!!
                release(oldest, spans)
                ready.add(Printable(spans))
            }
            for (p in ready) remember(p.spans)
        }
        if (ready.isNotEmpty()) print(ready)
        return ExportResult.Success
    }

    override suspend fun shutdown(): ExportResult {
        val rest = synchronized(held) {
            val all = held.values.map { Printable(it) }
            held.clear()
            heldCount = 0
            all
        }
        if (rest.isNotEmpty()) print(rest)
        return ExportResult.Success
    }

    private fun release(trace: String, spans: List<SpanData>) {
        held.remove(trace)
        heldCount -= spans.size
    }

    /** The held spans whose parent was already printed, with their held descendants; `null` if none. */
    private fun lateSubtrees(spans: List<SpanData>): List<SpanData>? {
        val roots = spans.filter { !it.parentIsRemote && it.parentSpanId != 0L && it.parentSpanId in printed }
        if (roots.isEmpty()) return null
        val ids = roots.mapTo(HashSet()) { it.spanId }
        var grew = true
        while (grew) {
            grew = false
            for (s in spans) if (s.spanId !in ids && s.parentSpanId in ids) grew = ids.add(s.spanId) || grew
        }
        return spans.filter { it.spanId in ids }
    }

    private fun remember(spans: List<SpanData>) {
        for (s in spans) printed[s.spanId] = s.name
    }

    private suspend fun print(traces: List<Printable>) {
        val text = StringBuilder()
        for (p in traces) {
            val names = p.printedParents
            if (names != null) ConsoleTreeRenderer.render(p.spans, text) { names[it] } else ConsoleTreeRenderer.render(p.spans, text)
        }
        withContext(Dispatchers.IO) {
            out.print(text)
            out.flush()
        }
    }

    override fun toString(): String = "ConsoleExporter"

    /** A tree to print; [printedParents] (names of parents printed earlier) makes it a late fragment. */
    private class Printable(val spans: List<SpanData>, val printedParents: Map<Long, String>? = null)

    private companion object {
        const val REMEMBERED_SPANS = 10_000
    }
}
