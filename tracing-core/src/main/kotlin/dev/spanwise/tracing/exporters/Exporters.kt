package dev.spanwise.tracing.exporters

import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.export.HttpExporterConfig
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.model.SpanData
import java.nio.file.Path
import java.nio.file.Paths

/**
 * Factories for the built-in exporters.
 *
 * ```kotlin
 * Tracing { exporter = Exporters.composite(Exporters.console(), Exporters.inMemory()) }
 * Tracing { exporter = Exporters.otlpHttp("http://localhost:4318") { gzip = true } }
 * ```
 * Network exporters validate their endpoint and key when created: a bad URL or a blank key
 * throws [IllegalArgumentException] naming the value (never the key itself).
 */
public object Exporters {
    /** A readable tree per trace on standard output, for local development. */
    @JvmStatic
    public fun console(): SpanExporter = ConsoleExporter()

    /** Keeps spans in memory, for tests ([InMemoryExporter.spans], [InMemoryExporter.findByName]). */
    @JvmStatic
    public fun inMemory(): InMemoryExporter = InMemoryExporter()

    /** Several destinations; each gets its own queue, so one failing never delays the others. */
    @JvmStatic
    public fun composite(vararg exporters: SpanExporter): SpanExporter = CompositeExporter(exporters.toList())

    /** Exports nothing. */
    @JvmStatic
    public fun none(): SpanExporter = NoopExporter

    /**
     * OTLP/HTTP JSON to [endpoint]: `{endpoint}/v1/traces`, or [endpoint] itself when it already
     * ends with `/v1/traces`.
     */
    @JvmStatic
    @JvmOverloads
    public fun otlpHttp(endpoint: String = DEFAULT_OTLP_ENDPOINT, config: HttpExporterConfig = HttpExporterConfig()): OtlpHttpExporter =
        OtlpHttpExporter(OtlpHttpExporter.tracesUrl(endpoint), config)

    /** OTLP/HTTP JSON posted to exactly [tracesUrl] (as `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is used). */
    internal fun otlpHttpAt(tracesUrl: String, config: HttpExporterConfig): OtlpHttpExporter = OtlpHttpExporter(tracesUrl, config)

    /** OTLP/HTTP JSON to [endpoint], with transport settings. */
    @JvmSynthetic
    public fun otlpHttp(endpoint: String = DEFAULT_OTLP_ENDPOINT, configure: HttpExporterConfig.() -> Unit): OtlpHttpExporter =
        otlpHttp(endpoint, HttpExporterConfig().apply(configure))

    /** Tracentic ingest (`{endpoint}/v1/ingest`), authenticated with [apiKey]. */
    @JvmStatic
    @JvmOverloads
    public fun tracentic(
        apiKey: String,
        endpoint: String = TracenticExporter.DEFAULT_ENDPOINT,
        config: HttpExporterConfig = HttpExporterConfig(),
    ): TracenticExporter = TracenticExporter(TracenticExporter.ingestUrl(endpoint), requireKey(apiKey, "Tracentic"), config)

    /** Tracentic ingest, with transport settings. */
    @JvmSynthetic
    public fun tracentic(
        apiKey: String,
        endpoint: String = TracenticExporter.DEFAULT_ENDPOINT,
        configure: HttpExporterConfig.() -> Unit,
    ): TracenticExporter = tracentic(apiKey, endpoint, HttpExporterConfig().apply(configure))

    /** 2Signal ingest (`{endpoint}/api/v1/traces`), authenticated with [apiKey] as a bearer token. */
    @JvmStatic
    @JvmOverloads
    public fun twoSignal(
        apiKey: String,
        endpoint: String = TwoSignalExporter.DEFAULT_ENDPOINT,
        config: HttpExporterConfig = HttpExporterConfig(),
    ): TwoSignalExporter = TwoSignalExporter(TwoSignalExporter.ingestUrl(endpoint), requireKey(apiKey, "2Signal"), config)

    /** 2Signal ingest, with transport settings. */
    @JvmSynthetic
    public fun twoSignal(
        apiKey: String,
        endpoint: String = TwoSignalExporter.DEFAULT_ENDPOINT,
        configure: HttpExporterConfig.() -> Unit,
    ): TwoSignalExporter = twoSignal(apiKey, endpoint, HttpExporterConfig().apply(configure))

    /** Zipkin v2 JSON to `{url}/api/v2/spans`. */
    @JvmStatic
    @JvmOverloads
    public fun zipkin(url: String = DEFAULT_ZIPKIN_ENDPOINT, config: HttpExporterConfig = HttpExporterConfig()): ZipkinExporter =
        ZipkinExporter(ZipkinExporter.spansUrl(url), config)

    /** Zipkin v2 JSON, with transport settings. */
    @JvmSynthetic
    public fun zipkin(url: String = DEFAULT_ZIPKIN_ENDPOINT, configure: HttpExporterConfig.() -> Unit): ZipkinExporter =
        zipkin(url, HttpExporterConfig().apply(configure))

    /** One OTLP-shaped JSON span per line, appended to [path]. */
    @JvmStatic
    public fun jsonLines(path: Path): JsonLinesExporter = JsonLinesExporter(path)

    /** One OTLP-shaped JSON span per line, appended to the file at [path]. */
    @JvmStatic
    public fun jsonLines(path: String): JsonLinesExporter {
        require(path.isNotBlank()) { "JSON Lines path must not be blank, was '$path'" }
        return JsonLinesExporter(Paths.get(path))
    }

    /** `http://localhost:4318`, the OTLP/HTTP default. */
    public const val DEFAULT_OTLP_ENDPOINT: String = "http://localhost:4318"

    /** `http://localhost:9411`, Zipkin's default. */
    public const val DEFAULT_ZIPKIN_ENDPOINT: String = "http://localhost:9411"

    private fun requireKey(apiKey: String, vendor: String): String {
        require(apiKey.isNotBlank()) { "$vendor API key must not be blank" }
        require(apiKey.none { it == '\r' || it == '\n' }) { "$vendor API key must not contain a line break" }
        return apiKey.trim()
    }
}

/** Accepts and discards everything: [Exporters.none]. */
internal object NoopExporter : SpanExporter {
    override suspend fun export(batch: List<SpanData>): ExportResult = ExportResult.Success
    override fun toString(): String = "NoopExporter"
}
