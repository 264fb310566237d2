package dev.spanwise.tracing.export

import dev.spanwise.tracing.SpanStatus
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
 * └─ AGENT support-agent  1.24 s  tokens 2,100 in / 310 out  $0.0081
 *    ├─ RETRIEVAL kb-search  120 ms
 *    └─ LLM answer  gpt-4o  450 ms  tokens 1,200 in (800 cached) / 300 out  $0.0034
 * ```
 * Spans whose root has not ended yet are held (at most [maxHeldSpans]); [shutdown] prints what is
 * left as incomplete trees.
 */
public class ConsoleExporter @JvmOverloads constructor(
    private val out: PrintStream = System.out,
    /** Spans held while waiting for their root; past this, the oldest traces are printed as incomplete. */
    private val maxHeldSpans: Int = 10_000,
) : SpanExporter {
    private val held = LinkedHashMap<String, MutableList<SpanData>>()
    private var heldCount = 0

    override suspend fun export(batch: List<SpanData>): ExportResult {
        val ready = ArrayList<List<SpanData>>()
        synchronized(held) {
            for (span in batch) {
                val spans = held.getOrPut(span.traceIdHex) { ArrayList() }
                spans.add(span)
                heldCount++
                if (span.isLocalRoot) {
                    held.remove(span.traceIdHex)
                    heldCount -= spans.size
                    ready.add(spans)
                }
            }
            while (heldCount > maxHeldSpans && held.isNotEmpty()) {
                val oldest = held.keys.first()
                val spans = held.remove(oldest)!!
                heldCount -= spans.size
                ready.add(spans)
            }
        }
        if (ready.isNotEmpty()) print(ready)
        return ExportResult.Success
    }

    override suspend fun shutdown(): ExportResult {
        val rest = synchronized(held) {
            val all = held.values.toList()
            held.clear()
            heldCount = 0
            all
        }
        if (rest.isNotEmpty()) print(rest)
        return ExportResult.Success
    }

    private suspend fun print(traces: List<List<SpanData>>) {
        val text = StringBuilder()
        for (spans in traces) ConsoleTreeRenderer.render(spans, text)
        withContext(Dispatchers.IO) {
            out.print(text)
            out.flush()
        }
    }

    override fun toString(): String = "ConsoleExporter"
}

/** Renders spans of one trace as a text tree. */
internal object ConsoleTreeRenderer {
    fun render(spans: List<SpanData>, sb: StringBuilder) {
        val ids = spans.mapTo(HashSet()) { it.spanId }
        val children = spans.groupBy { if (it.parentSpanId != 0L && it.parentSpanId in ids && !it.parentIsRemote) it.parentSpanId else 0L }
        val roots = children[0L].orEmpty().sortedBy { it.startEpochNanos }
        val first = roots.firstOrNull() ?: spans.first()
        val complete = roots.any { it.isLocalRoot }
        sb.append("● ").append(first.name).append("  trace ").append(first.traceIdHex)
        first.correlationId?.let { sb.append("  correlation ").append(it) }
        if (first.parentIsRemote) sb.append("  (continues ").append(first.parentScopeId).append(')')
        if (!complete) sb.append("  (incomplete)")
        sb.append('\n')
        roots.forEachIndexed { i, root -> node(root, children, "", i == roots.size - 1, sb) }
        var cost = 0.0
        var input = 0L
        var output = 0L
        var calls = 0
        for (s in spans) {
            s.llm?.let {
                calls++
                input += it.usage.inputTokens
                output += it.usage.outputTokens
                cost += it.costUsd ?: 0.0
            }
        }
        if (calls > 0) {
            sb.append("  total: ").append(calls).append(if (calls == 1) " LLM call, " else " LLM calls, ")
                .append(count(input)).append(" in / ").append(count(output)).append(" out tokens, ")
                .append(usd(cost)).append('\n')
        }
        sb.append('\n')
    }

    private fun node(span: SpanData, children: Map<Long, List<SpanData>>, prefix: String, last: Boolean, sb: StringBuilder) {
        sb.append(prefix).append(if (last) "└─ " else "├─ ")
        line(span, sb)
        val kids = children[span.spanId].orEmpty().sortedBy { it.startEpochNanos }
        val childPrefix = prefix + if (last) "   " else "│  "
        kids.forEachIndexed { i, k -> node(k, children, childPrefix, i == kids.size - 1, sb) }
    }

    private fun line(span: SpanData, sb: StringBuilder) {
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
            if (!u.isEmpty) llm.costUsd?.let { sb.append("  ").append(usd(it)) }
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
