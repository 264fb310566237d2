package dev.spanwise.tracing.exporters

import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.SpanStatus
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.io.PrintStream
import java.util.Locale

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

/** Renders spans of one trace as a text tree. */
internal object ConsoleTreeRenderer {
    /**
     * Renders [spans]. [latePrinted] names the already printed parent of a late span (a span whose
     * parent belongs to a trace printed earlier); with it, the tree is a late fragment.
     */
    fun render(spans: List<SpanData>, sb: StringBuilder, latePrinted: ((parentSpanId: Long) -> String?)? = null) {
        val ids = spans.mapTo(HashSet()) { it.spanId }
        val children = spans.groupBy { if (it.parentSpanId != 0L && it.parentSpanId in ids && !it.parentIsRemote) it.parentSpanId else 0L }
        val roots = children[0L].orEmpty().sortedBy { it.startEpochNanos }
        val first = roots.firstOrNull() ?: spans.first()
        val complete = roots.any { it.isLocalRoot }
        sb.append("● ").append(first.name).append("  trace ").append(first.traceIdHex)
        first.correlationId?.let { sb.append("  correlation ").append(it) }
        if (first.parentIsRemote) sb.append("  (continues ").append(first.parentScopeId).append(')')
        if (latePrinted != null) {
            sb.append("  (late)")
        } else if (!complete) {
            sb.append("  (incomplete)")
        }
        sb.append('\n')
        roots.forEachIndexed { i, root ->
            val lateParent = if (latePrinted != null && !root.isLocalRoot) latePrinted(root.parentSpanId) else null
            node(root, children, "", i == roots.size - 1, sb, lateParent)
        }
        totals(spans, sb)
        sb.append('\n')
    }

    /** `total: 3 LLM calls, … tokens, $0.0029, 1 call unpriced`: cost covers the priced calls only, and says so. */
    private fun totals(spans: List<SpanData>, sb: StringBuilder) {
        var cost = 0.0
        var input = 0L
        var output = 0L
        var calls = 0
        var priced = 0
        var unpriced = 0
        for (s in spans) {
            val llm = s.llm ?: continue
            calls++
            input += llm.usage.inputTokens
            output += llm.usage.outputTokens
            if (llm.usage.isEmpty) continue
            val c = llm.costUsd
            if (c == null) {
                unpriced++
            } else {
                priced++
                cost += c
            }
        }
        if (calls == 0) return
        sb.append("  total: ").append(calls).append(if (calls == 1) " LLM call, " else " LLM calls, ")
            .append(count(input)).append(" in / ").append(count(output)).append(" out tokens")
        if (priced > 0) sb.append(", ").append(usd(cost))
        if (unpriced > 0) sb.append(", ").append(unpriced).append(if (unpriced == 1) " call unpriced" else " calls unpriced")
        sb.append('\n')
    }

    private fun node(
        span: SpanData,
        children: Map<Long, List<SpanData>>,
        prefix: String,
        last: Boolean,
        sb: StringBuilder,
        lateParent: String? = null,
    ) {
        sb.append(prefix).append(if (last) "└─ " else "├─ ")
        line(span, sb, lateParent)
        val kids = children[span.spanId].orEmpty().sortedBy { it.startEpochNanos }
        val childPrefix = prefix + if (last) "   " else "│  "
        kids.forEachIndexed { i, k -> node(k, children, childPrefix, i == kids.size - 1, sb) }
    }

    private fun line(span: SpanData, sb: StringBuilder, lateParent: String?) {
        sb.append(span.kind.name).append(' ').append(span.name).append("  ").append(duration(span.durationNanos))
        span.llm?.let { llm ->
            (llm.responseModel ?: llm.requestModel)?.let { sb.append("  ").append(it) }
            val u = llm.usage
            if (!u.isEmpty) {
                sb.append("  tokens ").append(count(u.inputTokens)).append(" in")
                if (u.cacheReadTokens > 0) sb.append(" (").append(count(u.cacheReadTokens)).append(" cached)")
                if (u.cacheWriteTokens > 0) sb.append(" (").append(count(u.cacheWriteTokens)).append(" cache write)")
                sb.append(" / ").append(count(u.outputTokens)).append(" out")
                if (u.reasoningTokens > 0) sb.append(" (").append(count(u.reasoningTokens)).append(" reasoning)")
            }
            if (!u.isEmpty) {
                val cost = llm.costUsd
                if (cost != null) sb.append("  ").append(usd(cost)) else sb.append("  (unpriced)")
            }
        }
        when (span.status) {
            SpanStatus.OK -> {}
            SpanStatus.CANCELLED -> sb.append("  CANCELLED")
            SpanStatus.ERROR -> {
                sb.append("  ERROR")
                span.error?.let { e ->
                    sb.append(' ').append(e.type.substringAfterLast('.'))
                    e.message?.let { sb.append(": ").append(oneLine(it)) }
                }
            }
        }
        if (lateParent != null) sb.append("  (late: parent ").append(lateParent).append(" already printed)")
        sb.append('\n')
    }

    private fun oneLine(s: String): String {
        val flat = s.replace('\n', ' ').replace('\r', ' ')
        return if (flat.length > 120) flat.substring(0, 117) + "..." else flat
    }

    fun duration(nanos: Long): String = when {
        nanos < 1_000_000 -> String.format(Locale.ROOT, "%.2f ms", nanos / 1e6)
        nanos < 1_000_000_000 -> String.format(Locale.ROOT, "%d ms", nanos / 1_000_000)
        else -> String.format(Locale.ROOT, "%.2f s", nanos / 1e9)
    }

    fun count(n: Long): String = String.format(Locale.ROOT, "%,d", n)

    fun usd(v: Double): String = String.format(Locale.ROOT, if (v >= 0.01) "$%.4f" else "$%.6f", v)
}
