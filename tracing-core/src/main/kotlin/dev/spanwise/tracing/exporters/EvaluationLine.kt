package dev.spanwise.tracing.exporters

import dev.spanwise.tracing.exporters.internal.encode.EvaluationKeys
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanData
import java.util.Locale

/** The console line of a score (an `EVALUATION` span): `EVALUATION helpfulness 0.9  "comment"`. */
internal object EvaluationLine {
    /** Appends the line's text (no newline) and returns `true`, or returns `false` when [span] is no evaluation. */
    fun append(span: SpanData, sb: StringBuilder): Boolean {
        if (span.kind != ScopeKind.EVALUATION) return false
        val name = span.attributes[EvaluationKeys.NAME] as? String ?: return false
        sb.append(span.kind.name).append(' ').append(name)
        val type = span.attributes[EvaluationKeys.SCORE_TYPE]
        val value = span.attributes[EvaluationKeys.SCORE_VALUE] as? Double
        val label = span.attributes[EvaluationKeys.SCORE_LABEL] as? String
        when {
            type != "numeric" && label != null -> sb.append("  ").append(label)
            value != null -> sb.append("  ").append(number(value))
        }
        (span.attributes[EvaluationKeys.EXPLANATION] as? String)?.let { sb.append("  \"").append(oneLine(it)).append('"') }
        return true
    }

    private fun number(v: Double): String {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return v.toLong().toString()
        val s = String.format(Locale.ROOT, "%.4g", v)
        return if ('e' in s) s else s.trimEnd('0').trimEnd('.')
    }

    private fun oneLine(s: String): String {
        val flat = s.replace('\n', ' ').replace('\r', ' ')
        return if (flat.length > 80) flat.substring(0, 77) + "..." else flat
    }
}
