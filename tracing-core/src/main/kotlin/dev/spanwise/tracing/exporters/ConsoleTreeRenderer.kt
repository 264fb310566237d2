package dev.spanwise.tracing.exporters

import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.SpanLevel
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.model.StreamingKeys
import java.util.Locale

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
        val identity = roots.firstOrNull { it.isLocalRoot }?.identity ?: spans.lastOrNull { it.identity != null }?.identity
        identity?.sessionId?.let { sb.append("  session ").append(it) }
        if (identity != null && identity.tags.isNotEmpty()) sb.append("  tags ").append(identity.tags.joinToString(","))
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
        ArtifactLines.append(span, childPrefix + if (kids.isEmpty()) "   " else "│  ", sb)
        kids.forEachIndexed { i, k -> node(k, children, childPrefix, i == kids.size - 1, sb) }
    }

    private fun line(span: SpanData, sb: StringBuilder, lateParent: String?) {
        if (EvaluationLine.append(span, sb)) return lateLine(sb, lateParent)
        sb.append(span.kind.name).append(' ').append(span.name).append("  ").append(duration(span.durationNanos))
        span.llm?.let { llm ->
            (llm.responseModel ?: llm.requestModel)?.let { sb.append("  ").append(it) }
            stream(span, sb)
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
        toolCalls(span, sb)
        if (span.level == SpanLevel.WARNING) {
            sb.append("  WARNING")
            span.levelMessage?.let { sb.append(": ").append(oneLine(it)) }
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
        lateLine(sb, lateParent)
    }

    private fun lateLine(sb: StringBuilder, lateParent: String?) {
        if (lateParent != null) sb.append("  (late: parent ").append(lateParent).append(" already printed)")
        sb.append('\n')
    }

    /**
     * `  → lookup-order(call_1)` for the tool calls an LLM response asked for; `  call call_1  args {…}`
     * on the TOOL span that executed one (arguments only when captured).
     */
    private fun toolCalls(span: SpanData, sb: StringBuilder) {
        val asked = span.llm?.toolCalls.orEmpty()
        if (asked.isNotEmpty()) {
            sb.append("  → ")
            asked.forEachIndexed { i, c -> sb.append(if (i == 0) "" else ", ").append(c.name).append('(').append(c.id).append(')') }
        }
        if (span.kind != ScopeKind.TOOL) return
        span.toolCallId?.let { sb.append("  call ").append(it) }
        span.input?.let { sb.append("  args ").append(oneLine(it)) }
    }

    /** `  TTFT 21 ms, 8 chunks` on a streamed call (no TTFT when no chunk arrived). */
    private fun stream(span: SpanData, sb: StringBuilder) {
        val chunks = span.attributes[StreamingKeys.CHUNKS] as? Long ?: return
        sb.append("  ")
        (span.attributes[StreamingKeys.TIME_TO_FIRST_CHUNK] as? Double)?.let { sb.append("TTFT ").append(duration((it * 1e9).toLong())).append(", ") }
        sb.append(count(chunks)).append(if (chunks == 1L) " chunk" else " chunks")
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
