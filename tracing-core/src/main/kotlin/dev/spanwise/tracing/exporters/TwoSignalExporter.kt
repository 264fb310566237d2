package dev.spanwise.tracing.exporters

import dev.spanwise.tracing.export.DropReason
import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.export.HttpExporterConfig
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.exporters.internal.encode.TwoSignalEncoder
import dev.spanwise.tracing.exporters.internal.encode.TwoSignalEncoder.Event
import dev.spanwise.tracing.exporters.internal.http.BackendAnswer
import dev.spanwise.tracing.exporters.internal.http.BatchProgress
import dev.spanwise.tracing.exporters.internal.http.BatchRequests
import dev.spanwise.tracing.exporters.internal.http.HttpClients
import dev.spanwise.tracing.exporters.internal.http.HttpTransport
import dev.spanwise.tracing.exporters.internal.http.RequestPlan
import dev.spanwise.tracing.exporters.internal.http.RetryPolicy
import dev.spanwise.tracing.exporters.internal.http.TransportTime
import dev.spanwise.tracing.exporters.internal.http.halvesOf
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.internal.SecretScrubber

/**
 * Sends spans to the 2Signal ingest API (`POST {base}/api/v1/traces`, `Authorization: Bearer`)
 * as a `{"batch":[…]}` of `trace-create` and `span-create` events.
 *
 * ```kotlin
 * Tracing { exporter = Exporters.twoSignal(apiKey = System.getenv("TWOSIGNAL_API_KEY")) }
 * ```
 *
 * ### Behaviour
 * Every request holds at most 1000 events and 5 000 000 bytes; a larger batch is split before
 * sending. A 413 splits the request in halves; a single event still refused has its large fields
 * replaced by `"<truncated: N bytes>"` once, and is dropped as `TOO_LARGE` if that is still too
 * large. Retries 429, 500, 502, 503, 504 and network errors; event ids are derived from the span
 * ids, so a re-sent event is the same event. A batch that needs several requests keeps its
 * progress across export calls under the pipeline: a request answered 2xx is never sent again. A `201 {"accepted": N}` with N short of the events
 * sent counts the difference as rejected. The API key never appears in logs or [toString].
 */
public class TwoSignalExporter internal constructor(
    /** The URL requests are posted to. */
    public val ingestUrl: String,
    apiKey: String,
    private val config: HttpExporterConfig,
    time: TransportTime = TransportTime.SYSTEM,
    private val maxEvents: Int = MAX_EVENTS,
    private val maxBytes: Long = MAX_BYTES,
) : SpanExporter {
    private val headers: Map<String, String> = LinkedHashMap(config.headers).apply { put("Authorization", "Bearer $apiKey") }
    internal val transport: HttpTransport =
        HttpClients.transport(ingestUrl, config, RetryPolicy.VENDOR_RETRYABLE, "twosignal", listOf(apiKey), time)
    private val requests = BatchRequests(transport)

    init {
        HttpClients.warnIfInsecure("twosignal", ingestUrl, hasKey = true)
    }

    /** One request: events within the limits; [truncated] once its single event was shrunk. */
    internal class Chunk(val events: List<Event>, val truncated: Boolean = false)

    private val plan = object : RequestPlan<Chunk> {
        override fun parts(spans: List<SpanData>, progress: BatchProgress): List<Chunk> =
            chunks(TwoSignalEncoder.events(spans), progress).map { Chunk(it) }

        override fun spansOf(part: Chunk): List<SpanData> = part.events.mapNotNull { it.span }

        override fun halves(part: Chunk): List<Chunk>? = halvesOf(part.events)?.map { Chunk(it, part.truncated) }

        override fun shrunk(part: Chunk): Chunk? {
            val span = part.events.singleOrNull()?.span ?: return null
            return if (part.truncated) null else Chunk(listOf(TwoSignalEncoder.truncated(span)), truncated = true)
        }

        override suspend fun post(part: Chunk, callStart: Long, onDelivered: () -> Unit): HttpTransport.Outcome =
            transport.post(ingestUrl, headers, TwoSignalEncoder.body(part.events), config.gzip, handle413 = true, callStart, onDelivered)

        override fun rejected(part: Chunk, body: String): Pair<Long, String?> {
            val accepted = BackendAnswer.accepted(body) ?: return 0L to null
            val n = part.events.size
            return if (accepted < n) (n - accepted) to "accepted $accepted of $n events" else 0L to null
        }
    }

    /**
     * Sends [batch] in as many requests as the limits need (see [BatchRequests]). Safe to call
     * concurrently: each call keeps its batch's state to itself.
     */
    override suspend fun export(batch: List<SpanData>): ExportResult = requests.export(batch, plan)

    /** Splits events into requests within the event and byte limits, shrinking or dropping single oversize events. */
    internal fun chunks(events: List<Event>, progress: BatchProgress): List<List<Event>> {
        val chunks = ArrayList<List<Event>>()
        var current = ArrayList<Event>()
        var size = TwoSignalEncoder.EMPTY_BODY_SIZE
        for (original in events) {
            val event = fitting(original, progress) ?: continue
            val added = TwoSignalEncoder.addedSize(event, current.size)
            if (current.isNotEmpty() && (current.size >= maxEvents || size + added > maxBytes)) {
                chunks.add(current)
                current = ArrayList()
                size = TwoSignalEncoder.EMPTY_BODY_SIZE
            }
            size += TwoSignalEncoder.addedSize(event, current.size)
            current.add(event)
        }
        if (current.isNotEmpty()) chunks.add(current)
        return chunks
    }

    private fun fitting(event: Event, progress: BatchProgress): Event? {
        if (TwoSignalEncoder.EMPTY_BODY_SIZE + event.bytes.size <= maxBytes) return event
        val span = event.span ?: return null
        val smaller = TwoSignalEncoder.truncated(span)
        if (TwoSignalEncoder.EMPTY_BODY_SIZE + smaller.bytes.size <= maxBytes) return smaller
        progress.drop(DropReason.TOO_LARGE, listOf(span))
        return null
    }

    override suspend fun shutdown(): ExportResult {
        transport.close()
        return ExportResult.Success
    }

    override fun toString(): String = "TwoSignalExporter(url=${SecretScrubber.redactUrl(ingestUrl)}, apiKey=***)"

    internal companion object {
        const val MAX_EVENTS = 1000
        const val MAX_BYTES = 5_000_000L
        const val DEFAULT_ENDPOINT = "https://api.2signal.dev"

        fun ingestUrl(endpoint: String): String {
            val base = HttpClients.validateUrl("2Signal endpoint", endpoint)
            return if (base.endsWith("/api/v1/traces")) base else "$base/api/v1/traces"
        }
    }
}
