package dev.spanwise.tracing.config

/** The exporters `SPANWISE_EXPORTER` can name. */
public enum class ExporterKind(
    /** The name used in `SPANWISE_EXPORTER`. */
    public val id: String,
) {
    /** OTLP/HTTP JSON. */
    OTLP("otlp"),

    /** Tracentic ingest. */
    TRACENTIC("tracentic"),

    /** 2Signal ingest. */
    TWOSIGNAL("twosignal"),

    /** Zipkin v2 JSON. */
    ZIPKIN("zipkin"),

    /** The console tree. */
    CONSOLE("console"),

    /** JSON Lines file. */
    JSONL("jsonl"),

    /** Nothing. */
    NONE("none"),
    ;

    internal companion object {
        fun parseList(env: EnvironmentConfig): List<ExporterKind> {
            val raw = env[EnvironmentConfig.EXPORTER]
            if (raw == null) {
                val otlp = env[EnvironmentConfig.OTEL_ENDPOINT] != null ||
                    env[EnvironmentConfig.OTEL_TRACES_ENDPOINT] != null ||
                    env[EnvironmentConfig.ENDPOINT] != null
                return if (otlp) listOf(OTLP) else emptyList()
            }
            val kinds = raw.split(',').map { it.trim().lowercase() }.filter { it.isNotEmpty() }.map { id ->
                entries.firstOrNull { it.id == id } ?: throw IllegalArgumentException(
                    "${env.source(EnvironmentConfig.EXPORTER)}: unknown exporter '$id' in '$raw' " +
                        "(expected a comma list of ${entries.joinToString { it.id }})",
                )
            }.distinct()
            require(kinds.isNotEmpty()) { "${env.source(EnvironmentConfig.EXPORTER)} names no exporter, was '$raw'" }
            require(NONE !in kinds || kinds.size == 1) { "${env.source(EnvironmentConfig.EXPORTER)}: 'none' cannot be combined, was '$raw'" }
            return kinds
        }
    }
}
