package dev.spanwise.tracing.exporters

import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.export.HttpExporterConfig
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.exporters.internal.encode.ZipkinJsonEncoder
import dev.spanwise.tracing.exporters.internal.http.HttpClients
import dev.spanwise.tracing.exporters.internal.http.HttpTransport
import dev.spanwise.tracing.exporters.internal.http.RetryPolicy
import dev.spanwise.tracing.exporters.internal.http.TransportTime
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.internal.SecretScrubber

/**
 * Sends spans to a Zipkin server as v2 JSON (`{base}/api/v2/spans`): lower-hex ids, microsecond
 * timestamps, attributes as string tags.
 *
 * ```kotlin
 * Tracing { exporter = Exporters.zipkin("http://localhost:9411") }
 * ```
 * Retries 429, 502, 503, 504 and network errors like the OTLP exporter.
 */
public class ZipkinExporter internal constructor(
    /** The URL requests are posted to. */
    public val spansUrl: String,
    private val config: HttpExporterConfig,
    time: TransportTime = TransportTime.SYSTEM,
) : SpanExporter {
    private val headers: Map<String, String> = LinkedHashMap(config.headers)
    internal val transport: HttpTransport =
        HttpClients.transport(spansUrl, config, RetryPolicy.OTLP_RETRYABLE, "zipkin", emptyList(), time)

    override suspend fun export(batch: List<SpanData>): ExportResult {
        if (batch.isEmpty()) return ExportResult.Success
        val body = ZipkinJsonEncoder.encode(batch)
        return when (val outcome = transport.post(spansUrl, headers, body, config.gzip)) {
            is HttpTransport.Outcome.Delivered -> ExportResult.Success
            is HttpTransport.Outcome.Failed -> outcome.failure
            HttpTransport.Outcome.TooLarge -> ExportResult.Failure(null, retryable = false)
        }
    }

    override suspend fun shutdown(): ExportResult {
        transport.close()
        return ExportResult.Success
    }

    override fun toString(): String = "ZipkinExporter(url=${SecretScrubber.redactUrl(spansUrl)})"

    internal companion object {
        fun spansUrl(endpoint: String): String {
            val base = HttpClients.validateUrl("Zipkin endpoint", endpoint)
            return if (base.endsWith("/api/v2/spans")) base else "$base/api/v2/spans"
        }
    }
}
