package dev.spanwise.tracing.exporters.internal.encode

/**
 * The wire names of a score. A score travels as its own span of kind `EVALUATION` (see
 * `internal/engine/Scores.kt`), so every exporter carries it without a field of its own; these
 * names follow the OpenTelemetry GenAI `gen_ai.evaluation.result` event, which the span also carries.
 */
internal object EvaluationKeys {
    /** The event every evaluation span carries, for backends that read evaluations from events. */
    const val EVENT = "gen_ai.evaluation.result"
    const val NAME = "gen_ai.evaluation.name"
    const val SCORE_VALUE = "gen_ai.evaluation.score.value"
    const val SCORE_LABEL = "gen_ai.evaluation.score.label"
    const val EXPLANATION = "gen_ai.evaluation.explanation"

    /** `numeric`, `boolean` or `categorical`. */
    const val SCORE_TYPE = "spanwise.score.type"

    /** The scope id or trace id the score was recorded for. */
    const val SCORE_TARGET = "spanwise.score.target"

    /** The span name prefix: `evaluation <name>`. */
    const val SPAN_NAME_PREFIX = "evaluation "
}
