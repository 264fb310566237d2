package dev.spanwise.tracing.exporters.internal.encode

/**
 * OpenTelemetry's semantic-convention opt-in (`OTEL_SEMCONV_STABILITY_OPT_IN`, or the system property
 * `otel.semconv-stability.opt-in`): with `gen_ai_latest_experimental` in its comma-separated list, the
 * GenAI vocabulary writes only the newest names of renamed keys; without it, old and new side by side.
 * Read once, when the first span is encoded.
 */
internal object SemconvOptIn {
    const val GEN_AI_LATEST = "gen_ai_latest_experimental"

    @Volatile
    var genAiLatestOnly: Boolean = asks(System.getProperty("otel.semconv-stability.opt-in") ?: System.getenv("OTEL_SEMCONV_STABILITY_OPT_IN"))

    /** Whether an opt-in value lists [GEN_AI_LATEST]. */
    fun asks(value: String?): Boolean = value != null && value.split(',').any { it.trim() == GEN_AI_LATEST }
}
