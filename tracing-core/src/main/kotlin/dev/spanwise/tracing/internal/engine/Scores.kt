package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.exporters.internal.encode.EvaluationKeys
import dev.spanwise.tracing.model.Attributes
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.model.internal.Ids
import dev.spanwise.tracing.model.internal.ThrottledLogger
import dev.spanwise.tracing.propagation.ParentLink
import dev.spanwise.tracing.scope.TraceScope

/**
 * One score as given by the caller: a numeric [value], a boolean (value 1.0/0.0 and label
 * `true`/`false`) or a categorical [label] alone, with an optional [comment].
 */
internal class ScoreInput private constructor(
    val name: String,
    val type: String,
    val value: Double?,
    val label: String?,
    val comment: String?,
) {
    /** Why the score cannot be recorded, or `null` when it can. */
    fun problem(): String? = when {
        name.isBlank() -> "blank score name"
        value != null && (value.isNaN() || value.isInfinite()) -> "score '$name' has a non-finite value"
        label != null && label.isBlank() -> "score '$name' has a blank label"
        else -> null
    }

    companion object {
        fun numeric(name: String, value: Double, comment: String?) = ScoreInput(name, "numeric", value, null, comment)

        fun boolean(name: String, value: Boolean, comment: String?) =
            ScoreInput(name, "boolean", if (value) 1.0 else 0.0, value.toString(), comment)

        fun categorical(name: String, label: String, comment: String?) = ScoreInput(name, "categorical", null, label, comment)
    }
}

/**
 * Records [score] about the live (or ended) span [target]: an `EVALUATION` child of it. Invalid
 * input is ignored, counted and logged (throttled); a sampled-out target records nothing.
 */
internal fun TracingEngine.score(target: RecordingSpan, score: ScoreInput) {
    if (rejected(score)) return
    val span = startSpan(EvaluationKeys.SPAN_NAME_PREFIX + score.name, ScopeKind.EVALUATION, target, null, null, emptyMap(), Attributes.EMPTY)
    emit(span, score, target.id)
}

/**
 * Records [score] after the fact about the span named by [scopeId] (a `TraceScope.id` or a
 * `traceparent` value), which may have ended long ago or live in another process.
 */
internal fun TracingEngine.scoreScope(scopeId: String, score: ScoreInput) {
    val link = ParentLink.parse(scopeId)
    if (link == null) return invalid("score '${score.name}' for an invalid scope id ignored")
    if (rejected(score)) return
    val span = startSpan(EvaluationKeys.SPAN_NAME_PREFIX + score.name, ScopeKind.EVALUATION, null, scopeId, null, emptyMap(), Attributes.EMPTY)
    emit(span, score, link.scopeId)
}

/** Records [score] after the fact about the whole trace [traceId] (32 lower-case hex chars): a root span in that trace. */
internal fun TracingEngine.scoreTrace(traceId: String, score: ScoreInput) {
    val high = if (traceId.length == 32) Ids.parseHex16(traceId, 0) else null
    val low = if (high != null) Ids.parseHex16(traceId, 16) else null
    if (high == null || low == null || (high == 0L && low == 0L)) return invalid("score '${score.name}' for an invalid trace id ignored")
    if (rejected(score)) return
    if (!isSampled(low)) return
    val span = RecordingSpan(
        this, high, low, Ids.newSpanId(), 0L, false, null, boundedName(score), ScopeKind.EVALUATION,
        null, null, Attributes.EMPTY, Attributes.EMPTY, clock.nowEpochNanos(),
    )
    emit(span, score, traceId)
}

private fun TracingEngine.rejected(score: ScoreInput): Boolean {
    val problem = score.problem() ?: return false
    invalid(problem)
    return true
}

private fun TracingEngine.invalid(what: String) {
    misuse(what)
    log.warn("invalid-score", "Spanwise: {} (scores are never thrown; this one was not recorded)", ThrottledLogger.escape(what))
}

private fun TracingEngine.boundedName(score: ScoreInput): String =
    TextBounds.value(EvaluationKeys.SPAN_NAME_PREFIX + score.name, limits, log, "span name")

/** Fills the evaluation span (attributes and the `gen_ai.evaluation.result` event) and ends it at its start: zero length. */
private fun TracingEngine.emit(span: TraceScope, score: ScoreInput, target: String) {
    if (span !is RecordingSpan) return
    val attributes = LinkedHashMap<String, Any?>(8)
    attributes[EvaluationKeys.NAME] = TextBounds.value(score.name, limits, log, "score name")
    score.value?.let { attributes[EvaluationKeys.SCORE_VALUE] = it }
    score.label?.let { attributes[EvaluationKeys.SCORE_LABEL] = TextBounds.value(it, limits, log, "score label") }
    score.comment?.takeIf { it.isNotBlank() }?.let { c -> content.annotation(c)?.let { attributes[EvaluationKeys.EXPLANATION] = it } }
    for ((k, v) in attributes) span.attribute(k, v)
    span.attribute(EvaluationKeys.SCORE_TYPE, score.type)
    span.attribute(EvaluationKeys.SCORE_TARGET, target)
    span.event(EvaluationKeys.EVENT, attributes)
    span.endAt(SpanStatus.OK, span.startEpochNanos)
}
