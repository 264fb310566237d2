package dev.spanwise.tracing.exporters

import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.export.HttpExporterConfig
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.exporters.internal.encode.OtlpJsonEncoder
import dev.spanwise.tracing.exporters.internal.encode.TracenticVocabulary
import dev.spanwise.tracing.exporters.internal.http.BackendAnswer
import dev.spanwise.tracing.exporters.internal.http.BatchProgress
import dev.spanwise.tracing.exporters.internal.http.BatchRequests
import dev.spanwise.tracing.exporters.internal.http.HttpClients
import dev.spanwise.tracing.exporters.internal.http.HttpTransport
import dev.spanwise.tracing.exporters.internal.http.RequestBody
import dev.spanwise.tracing.exporters.internal.http.RequestPlan
import dev.spanwise.tracing.exporters.internal.http.RetryPolicy
import dev.spanwise.tracing.exporters.internal.http.TransportTime
import dev.spanwise.tracing.exporters.internal.http.halvesOf
import dev.spanwise.tracing.exporters.internal.json.Utf8JsonWriterPool
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.internal.SecretScrubber

/**
 * Sends spans to Tracentic's ingest endpoint (`{endpoint}/v1/ingest`) as OTLP-shaped JSON with
 * base64 ids and Tracentic's attribute keys (`llm.*`, `tracentic.scope.*`), authenticated with
 * the `x-tracentic-api-key` header.
 *
 * ```kotlin
 * Tracing { exporter = Exporters.tracentic(apiKey = System.getenv("TRACENTIC_API_KEY")) }
 * ```
 *
 * ### Behaviour
 * Retries 429, 500, 502, 503, 504 and network errors with backoff and `Retry-After`. A batch
 * answered 413 is split in halves and re-sent; a single span that is still too large is dropped
 * as `TOO_LARGE`. Under the pipeline the halves already delivered are never sent again when a
 * call ends early (timeout, retryable failure). The API key never appears in logs, exceptions or [toString].
 */
public class TracenticExporter internal constructor(
    /** The URL requests are posted to. */
    public val ingestUrl: String,
    apiKey: String,
    private val config: HttpExporterConfig,
    time: TransportTime = TransportTime.SYSTEM,
) : SpanExporter {
    private val encoder = OtlpJsonEncoder(TracenticVocabulary, OtlpJsonEncoder.IdFormat.BASE64)
    private val writers = Utf8JsonWriterPool()
    private val headers: Map<String, String> = LinkedHashMap(config.headers).apply { put(API_KEY_HEADER, apiKey) }
    internal val transport: HttpTransport =
        HttpClients.transport(ingestUrl, config, RetryPolicy.VENDOR_RETRYABLE, "tracentic", listOf(apiKey), time)
    private val requests = BatchRequests(transport)

    init {
        HttpClients.warnIfInsecure("tracentic", ingestUrl, hasKey = true)
    }

    private val plan = object : RequestPlan<List<SpanData>> {
        override fun parts(spans: List<SpanData>, progress: BatchProgress): List<List<SpanData>> = listOf(spans)

        override fun spansOf(part: List<SpanData>): List<SpanData> = part

        override fun halves(part: List<SpanData>): List<List<SpanData>>? = halvesOf(part)

        override suspend fun post(part: List<SpanData>, callStart: Long, onDelivered: () -> Unit): HttpTransport.Outcome {
            val writer = writers.acquire()
            encoder.encodeRequest(part, writer)
            val body = RequestBody(writer.sink.bytes, writer.sink.size)
            return try {
                transport.post(ingestUrl, headers, body, config.gzip, handle413 = true, callStart, onDelivered)
            } finally {
                if (body.release()) writers.release(writer)
            }
        }

        override fun rejected(part: List<SpanData>, body: String): Pair<Long, String?> =
            BackendAnswer.rejectedSpans(body, part.size, transport) ?: (0L to null)
    }

    /**
     * Sends [batch], halving requests answered 413 (see [BatchRequests]). Safe to call
     * concurrently: each call keeps its batch's state to itself.
     */
    override suspend fun export(batch: List<SpanData>): ExportResult = requests.export(batch, plan)

    override suspend fun shutdown(): ExportResult {
        transport.close()
        return ExportResult.Success
    }

    override fun toString(): String = "TracenticExporter(url=${SecretScrubber.redactUrl(ingestUrl)}, apiKey=***)"

    internal companion object {
        const val API_KEY_HEADER = "x-tracentic-api-key"
        const val DEFAULT_ENDPOINT = "https://tracentic.dev"

        fun ingestUrl(endpoint: String): String {
            val base = HttpClients.validateUrl("Tracentic endpoint", endpoint)
            return if (base.endsWith("/v1/ingest")) base else "$base/v1/ingest"
        }
    }
}
