package dev.spanwise.tracing.export

import dev.spanwise.tracing.internal.SecretScrubber
import dev.spanwise.tracing.internal.encode.OtlpJsonEncoder
import dev.spanwise.tracing.internal.encode.TracenticVocabulary
import dev.spanwise.tracing.internal.http.ExportTally
import dev.spanwise.tracing.internal.http.HttpClients
import dev.spanwise.tracing.internal.http.HttpTransport
import dev.spanwise.tracing.internal.http.RequestBody
import dev.spanwise.tracing.internal.http.ResumableBatch
import dev.spanwise.tracing.internal.http.RetryPolicy
import dev.spanwise.tracing.internal.http.TransportTime
import dev.spanwise.tracing.internal.json.JsonReader
import dev.spanwise.tracing.internal.json.Utf8JsonWriterPool

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
 * as `TOO_LARGE`. The API key never appears in logs, exceptions or [toString].
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
    private val resume = ResumableBatch()

    init {
        HttpClients.warnIfInsecure("tracentic", ingestUrl, hasKey = true)
    }

    override suspend fun export(batch: List<SpanData>): ExportResult {
        lastFailure = null
        val todo = resume.remaining(batch)
        val tally = ExportTally()
        val failure = if (todo.isEmpty()) null else sendSplitting(todo, tally, transport.time.nanoTime())
        if (failure != null && failure.retryable) {
            resume.interrupted(tally)
            return failure
        }
        return resume.finish(tally).result(batch.size, lastFailure)
    }

    private var lastFailure: ExportResult.Failure? = null

    /** Sends [spans]; on 413 sends each half. Returns the retryable failure that stopped it, if any. */
    private suspend fun sendSplitting(spans: List<SpanData>, tally: ExportTally, callStart: Long): ExportResult.Failure? {
        val writer = writers.acquire()
        encoder.encodeRequest(spans, writer)
        val body = RequestBody(writer.sink.bytes, writer.sink.size)
        val outcome = try {
            transport.post(ingestUrl, headers, body, config.gzip, handle413 = true, callStart = callStart)
        } finally {
            if (body.release()) writers.release(writer)
        }
        when (outcome) {
            is HttpTransport.Outcome.Delivered -> {
                tally.delivered(spans)
                val (rejected, message) = rejectedSpans(outcome.body, spans.size)
                if (rejected > 0) tally.reject(rejected, message)
                return null
            }
            is HttpTransport.Outcome.Failed -> {
                if (outcome.failure.retryable) return outcome.failure
                lastFailure = outcome.failure
                tally.drop(outcome.failure.reason, spans)
                return null
            }
            HttpTransport.Outcome.TooLarge -> {
                if (spans.size == 1) {
                    lastFailure = ExportResult.Failure(null, retryable = false, reason = DropReason.TOO_LARGE)
                    tally.drop(DropReason.TOO_LARGE, spans)
                    return null
                }
                val half = spans.size / 2
                return sendSplitting(spans.subList(0, half), tally, callStart)
                    ?: sendSplitting(spans.subList(half, spans.size), tally, callStart)
            }
        }
    }

    private fun rejectedSpans(body: String, size: Int): Pair<Long, String?> {
        val doc = JsonReader.parse(body) as? Map<*, *> ?: return 0L to null
        val partial = doc["partialSuccess"] as? Map<*, *> ?: return 0L to null
        val rejected = (JsonReader.asLong(partial["rejectedSpans"]) ?: 0L).coerceIn(0, size.toLong())
        return rejected to transport.scrub(partial["errorMessage"] as? String)
    }

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
