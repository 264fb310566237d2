package dev.spanwise.tracing.config

import dev.spanwise.tracing.export.HttpExporterConfig
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.exporters.OtlpHttpExporter
import dev.spanwise.tracing.exporters.TracenticExporter
import dev.spanwise.tracing.exporters.TwoSignalExporter
import kotlin.time.Duration.Companion.milliseconds

/**
 * Spanwise settings read from system properties and environment variables: the `SPANWISE_*`
 * names and the standard `OTEL_SERVICE_NAME`, `OTEL_EXPORTER_OTLP_ENDPOINT`,
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `OTEL_EXPORTER_OTLP_HEADERS` and `OTEL_SDK_DISABLED`.
 * A system property uses the same name in lower case with dots (`spanwise.exporter`) and wins
 * over the variable. Code wins over both: apply these first, then set what the code decides.
 *
 * ```kotlin
 * val tracing = Tracing.fromEnvironment { pricing { model("gpt-4o", input = 2.5, output = 10.0) } }
 * // or, keeping a default exporter when the environment names none:
 * Tracing { exporter = EnvironmentConfig.system().exporterOr(Exporters.console()) }
 * ```
 * Invalid values throw [IllegalArgumentException] naming the variable and the value (API keys
 * and header values are never repeated). The full table is in `docs/exporters.md`.
 *
 * @param environment the variables, e.g. `System.getenv()`; tests pass a plain map.
 * @param properties the system properties, e.g. those of `System.getProperties()`.
 */
public class EnvironmentConfig(
    private val environment: Map<String, String>,
    private val properties: Map<String, String> = emptyMap(),
) {
    /** The value of [name] (an upper-case variable name): system property first, then the variable; blank counts as unset. */
    public operator fun get(name: String): String? {
        val prop = properties[propertyName(name)]?.trim()
        if (!prop.isNullOrEmpty()) return prop
        return environment[name]?.trim()?.takeIf { it.isNotEmpty() }
    }

    /**
     * The exporters the environment selects: `SPANWISE_EXPORTER` when set, else `otlp` when an
     * `OTEL_EXPORTER_OTLP_*` endpoint or `SPANWISE_ENDPOINT` is set, else an empty list.
     */
    public val exporterKinds: List<ExporterKind> by lazy { ExporterKind.parseList(this) }

    /** Builds the exporter the environment selects, or `null` when it selects none. */
    public fun exporter(): SpanExporter? {
        val kinds = exporterKinds
        if (kinds.isEmpty() || kinds == listOf(ExporterKind.NONE)) return null
        val built = kinds.filter { it != ExporterKind.NONE }.map { build(it) }
        return if (built.size == 1) built[0] else Exporters.composite(*built.toTypedArray())
    }

    /** The environment's exporter when it selects one, else [default] (what the samples use). */
    public fun exporterOr(default: SpanExporter): SpanExporter = exporter() ?: default

    /** The environment's exporter when it selects one, else the one [default] builds (built only when needed). */
    public fun exporterOr(default: java.util.function.Supplier<out SpanExporter>): SpanExporter = exporter() ?: default.get()

    /** Whether the environment selects an exporter explicitly, `none` included. */
    public val hasExporter: Boolean get() = exporterKinds.isNotEmpty()

    /**
     * Writes every setting present here into [config]; sets the exporter only when [config] has
     * none yet. Throws [IllegalArgumentException] naming an invalid value.
     */
    public fun applyTo(config: TracingConfig) {
        applySettings(config)
        if (config.exporter == null) config.exporter = exporter()
    }

    /** Like [applyTo] without touching the exporter. */
    public fun applySettings(config: TracingConfig) {
        (this[SERVICE_NAME] ?: this[OTEL_SERVICE_NAME])?.let { config.serviceName = it }
        this[SERVICE_VERSION]?.let { config.serviceVersion = it }
        this[ENVIRONMENT]?.let { config.environment = it }
        boolean(ENABLED)?.let { config.enabled = it }
        if (boolean(OTEL_SDK_DISABLED) == true) config.enabled = false
        this[SAMPLE_RATE]?.let { v ->
            val rate = v.toDoubleOrNull()
            require(rate != null && rate in 0.0..1.0) { "${source(SAMPLE_RATE)} must be a number within [0, 1], was '$v'" }
            config.sampleRate = rate
        }
        boolean(CAPTURE_CONTENT)?.let { config.captureContent = it }
        boolean(SHUTDOWN_HOOK)?.let { config.registerShutdownHook = it }
        config.batching {
            positiveLong(QUEUE_CAPACITY, Int.MAX_VALUE.toLong())?.let { queueCapacity = it.toInt() }
            positiveLong(MAX_BATCH_SIZE, Int.MAX_VALUE.toLong())?.let { maxBatchSize = it.toInt() }
            positiveLong(MAX_BUFFERED_BYTES, Long.MAX_VALUE)?.let { maxBufferedBytes = it }
            positiveLong(FLUSH_INTERVAL_MS, Long.MAX_VALUE)?.let { flushInterval = it.milliseconds }
            positiveLong(EXPORT_TIMEOUT_MS, Long.MAX_VALUE)?.let { exportTimeout = it.milliseconds }
        }
    }

    private fun build(kind: ExporterKind): SpanExporter {
        val http = HttpExporterConfig()
        boolean(GZIP)?.let { http.gzip = it }
        return when (kind) {
            ExporterKind.OTLP -> {
                http.headers(OtlpHeaders.parse(this[OTEL_HEADERS], source(OTEL_HEADERS)))
                val traces = this[OTEL_TRACES_ENDPOINT]
                val url = when {
                    this[ENDPOINT] != null -> OtlpHttpExporter.tracesUrl(checkedUrl(ENDPOINT))
                    traces != null -> checkedUrl(OTEL_TRACES_ENDPOINT)
                    this[OTEL_ENDPOINT] != null -> OtlpHttpExporter.tracesUrl(checkedUrl(OTEL_ENDPOINT))
                    else -> OtlpHttpExporter.tracesUrl(Exporters.DEFAULT_OTLP_ENDPOINT)
                }
                Exporters.otlpHttpAt(url, http)
            }
            ExporterKind.TRACENTIC -> Exporters.tracentic(apiKey(kind), endpointOr(TracenticExporter.DEFAULT_ENDPOINT), http)
            ExporterKind.TWOSIGNAL -> Exporters.twoSignal(apiKey(kind), endpointOr(TwoSignalExporter.DEFAULT_ENDPOINT), http)
            ExporterKind.ZIPKIN -> Exporters.zipkin(endpointOr(Exporters.DEFAULT_ZIPKIN_ENDPOINT), http)
            ExporterKind.CONSOLE -> Exporters.console()
            ExporterKind.JSONL -> Exporters.jsonLines(this[JSONL_PATH] ?: DEFAULT_JSONL_PATH)
            ExporterKind.NONE -> Exporters.none()
        }
    }

    /** The checked `SPANWISE_ENDPOINT`, else [default]. */
    private fun endpointOr(default: String): String = this[ENDPOINT]?.let { checkedUrl(ENDPOINT) } ?: default

    private fun apiKey(kind: ExporterKind): String =
        requireNotNull(this[API_KEY]) { "$API_KEY (or ${propertyName(API_KEY)}) must be set for exporter '${kind.id}'" }

    private fun checkedUrl(name: String): String {
        val v = this[name]!!
        return try {
            dev.spanwise.tracing.exporters.internal.http.HttpClients.validateUrl(source(name), v)
        } catch (e: IllegalArgumentException) {
            throw IllegalArgumentException(
                "${source(name)} must be an absolute http(s) URL, was '${dev.spanwise.tracing.model.internal.SecretScrubber.redactUrl(v)}'",
            )
        }
    }

    private fun boolean(name: String): Boolean? {
        val v = this[name] ?: return null
        return when (v.lowercase()) {
            "true", "1", "yes", "on" -> true
            "false", "0", "no", "off" -> false
            else -> throw IllegalArgumentException("${source(name)} must be true or false, was '$v'")
        }
    }

    private fun positiveLong(name: String, max: Long): Long? {
        val v = this[name] ?: return null
        val n = v.toLongOrNull()
        require(n != null && n > 0 && n <= max) { "${source(name)} must be a positive integer, was '$v'" }
        return n
    }

    /** "the system property x.y" or "the variable X_Y", whichever supplied the value. */
    internal fun source(name: String): String =
        if (!properties[propertyName(name)].isNullOrBlank()) "system property ${propertyName(name)}" else name

    override fun toString(): String = "EnvironmentConfig(exporters=${runCatching { exporterKinds }.getOrNull()})"

    /** Variable names and factories. */
    public companion object {
        /** Exporter kinds, a comma list: `otlp`, `tracentic`, `twosignal`, `zipkin`, `console`, `jsonl`, `none`. */
        public const val EXPORTER: String = "SPANWISE_EXPORTER"

        /** Base URL of the selected network exporter. */
        public const val ENDPOINT: String = "SPANWISE_ENDPOINT"

        /** API key of the Tracentic or 2Signal exporter. */
        public const val API_KEY: String = "SPANWISE_API_KEY"

        /** `service.name`. */
        public const val SERVICE_NAME: String = "SPANWISE_SERVICE_NAME"

        /** `service.version` (the application's version). */
        public const val SERVICE_VERSION: String = "SPANWISE_SERVICE_VERSION"

        /** `deployment.environment`. */
        public const val ENVIRONMENT: String = "SPANWISE_ENVIRONMENT"

        /** `false` disables Spanwise entirely. */
        public const val ENABLED: String = "SPANWISE_ENABLED"

        /** Fraction of traces kept, within [0, 1]. */
        public const val SAMPLE_RATE: String = "SPANWISE_SAMPLE_RATE"

        /** Whether LLM input/output content is recorded. */
        public const val CAPTURE_CONTENT: String = "SPANWISE_CAPTURE_CONTENT"

        /** File of the `jsonl` exporter. */
        public const val JSONL_PATH: String = "SPANWISE_JSONL_PATH"

        /** `false` turns off the JVM shutdown hook that delivers queued spans at exit (on by default). */
        public const val SHUTDOWN_HOOK: String = "SPANWISE_SHUTDOWN_HOOK"

        /** gzip request bodies of network exporters. */
        public const val GZIP: String = "SPANWISE_GZIP"

        /** Export queue capacity in spans. */
        public const val QUEUE_CAPACITY: String = "SPANWISE_QUEUE_CAPACITY"

        /** Spans per export call. */
        public const val MAX_BATCH_SIZE: String = "SPANWISE_MAX_BATCH_SIZE"

        /** Export queue bound in estimated bytes. */
        public const val MAX_BUFFERED_BYTES: String = "SPANWISE_MAX_BUFFERED_BYTES"

        /** Longest wait of a span in the queue, in milliseconds. */
        public const val FLUSH_INTERVAL_MS: String = "SPANWISE_FLUSH_INTERVAL_MS"

        /** Longest export call, in milliseconds. */
        public const val EXPORT_TIMEOUT_MS: String = "SPANWISE_EXPORT_TIMEOUT_MS"

        /** Standard service name (below `SPANWISE_SERVICE_NAME`). */
        public const val OTEL_SERVICE_NAME: String = "OTEL_SERVICE_NAME"

        /** Standard OTLP base endpoint; `/v1/traces` is appended. */
        public const val OTEL_ENDPOINT: String = "OTEL_EXPORTER_OTLP_ENDPOINT"

        /** Standard OTLP traces endpoint, used as is. */
        public const val OTEL_TRACES_ENDPOINT: String = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"

        /** Standard OTLP headers, `k1=v1,k2=v2` with URL-encoded values. */
        public const val OTEL_HEADERS: String = "OTEL_EXPORTER_OTLP_HEADERS"

        /** Standard kill switch: `true` disables Spanwise. */
        public const val OTEL_SDK_DISABLED: String = "OTEL_SDK_DISABLED"

        /** Default file of the `jsonl` exporter. */
        public const val DEFAULT_JSONL_PATH: String = "spanwise-traces.jsonl"

        /** The process's environment variables and system properties. */
        @JvmStatic
        public fun system(): EnvironmentConfig {
            val props = HashMap<String, String>()
            for (name in System.getProperties().stringPropertyNames()) System.getProperty(name)?.let { props[name] = it }
            return EnvironmentConfig(System.getenv(), props)
        }

        /** `SPANWISE_EXPORTER` → `spanwise.exporter`. */
        @JvmStatic
        public fun propertyName(variable: String): String = variable.lowercase().replace('_', '.')
    }
}
