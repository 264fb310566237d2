package dev.spanwise.tracing.exporters

import dev.spanwise.tracing.export.DropReason
import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.export.HttpExporterConfig
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.exporters.internal.encode.GenAiVocabulary
import dev.spanwise.tracing.exporters.internal.encode.OtlpJsonEncoder
import dev.spanwise.tracing.exporters.internal.http.BackendAnswer
import dev.spanwise.tracing.exporters.internal.http.HttpClients
import dev.spanwise.tracing.exporters.internal.http.HttpTransport
import dev.spanwise.tracing.exporters.internal.http.RequestBody
import dev.spanwise.tracing.exporters.internal.http.RetryPolicy
import dev.spanwise.tracing.exporters.internal.http.TransportTime
import dev.spanwise.tracing.exporters.internal.json.Utf8JsonWriterPool
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.internal.SecretScrubber

/**
 * Sends spans as OTLP/HTTP JSON to an OpenTelemetry Collector or any OTLP backend (Jaeger, Tempo,
 * Langfuse, Phoenix). Attributes follow the OpenTelemetry GenAI semantic conventions.
 *
 * ```kotlin
 * Tracing { exporter = Exporters.otlpHttp("http://localhost:4318") }   // posts to /v1/traces
 * ```
 *
 * ### Behaviour
 * Retries 429, 502, 503, 504 and network errors (the OTLP rules), honouring `Retry-After`; every
 * other status drops the batch, counted by reason. A `partialSuccess` answer counts its
 * `rejectedSpans` as rejected by the server. Never throws from [export]; safe to call concurrently
 * (each call encodes into its own buffer).
 */
public class OtlpHttpExporter internal constructor(
    /** The URL requests are posted to. */
    public val tracesUrl: String,
    private val config: HttpExporterConfig,
    time: TransportTime = TransportTime.SYSTEM,
) : SpanExporter {
    private val encoder = OtlpJsonEncoder(GenAiVocabulary, OtlpJsonEncoder.IdFormat.HEX)

    // Request buffers reused across batches; concurrent exports each take their own.
    internal val writers = Utf8JsonWriterPool()
    private val headers: Map<String, String> = LinkedHashMap(config.headers)
    internal val transport: HttpTransport =
        HttpClients.transport(tracesUrl, config, RetryPolicy.OTLP_RETRYABLE, "otlp", emptyList(), time)

    override suspend fun export(batch: List<SpanData>): ExportResult {
        if (batch.isEmpty()) return ExportResult.Success
        val writer = writers.acquire()
        encoder.encodeRequest(batch, writer)
        val body = RequestBody(writer.sink.bytes, writer.sink.size)
        val outcome = try {
            transport.post(tracesUrl, headers, body, config.gzip)
        } finally {
            if (body.release()) writers.release(writer)
        }
        return when (outcome) {
            is HttpTransport.Outcome.Delivered -> partialSuccess(outcome.body, batch.size)
            is HttpTransport.Outcome.Failed -> outcome.failure
            HttpTransport.Outcome.TooLarge -> ExportResult.Failure(null, retryable = false, reason = DropReason.NON_RETRYABLE)
        }
    }

    private fun partialSuccess(body: String, size: Int): ExportResult {
        val (rejected, message) = BackendAnswer.rejectedSpans(body, size, transport) ?: return ExportResult.Success
        return if (rejected == 0L) ExportResult.Success else ExportResult.PartialSuccess(rejected, message)
    }

    override suspend fun shutdown(): ExportResult {
        transport.close()
        return ExportResult.Success
    }

    override fun toString(): String = "OtlpHttpExporter(url=${SecretScrubber.redactUrl(tracesUrl)}, headers=${headers.keys.associateWith { "***" }})"

    internal companion object {
        const val TRACES_PATH = "/v1/traces"

        /** `{endpoint}/v1/traces`, unless [endpoint] already ends with it. */
        fun tracesUrl(endpoint: String): String {
            val base = HttpClients.validateUrl("OTLP endpoint", endpoint)
            return if (base.endsWith(TRACES_PATH)) base else base + TRACES_PATH
        }
    }
}
