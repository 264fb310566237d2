package dev.spanwise.tracing.export

import dev.spanwise.tracing.internal.SecretScrubber
import dev.spanwise.tracing.internal.encode.TwoSignalEncoder
import dev.spanwise.tracing.internal.encode.TwoSignalEncoder.Event
import dev.spanwise.tracing.internal.http.ExportTally
import dev.spanwise.tracing.internal.http.HttpClients
import dev.spanwise.tracing.internal.http.HttpTransport
import dev.spanwise.tracing.internal.http.ResumableBatch
import dev.spanwise.tracing.internal.http.RetryPolicy
import dev.spanwise.tracing.internal.http.TransportTime
import dev.spanwise.tracing.internal.json.JsonReader

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
 * ids, so a re-sent event is the same event. A `201 {"accepted": N}` with N short of the events
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
    private val resume = ResumableBatch()
    private var lastFailure: ExportResult.Failure? = null

    init {
        HttpClients.warnIfInsecure("twosignal", ingestUrl, hasKey = true)
    }

    override suspend fun export(batch: List<SpanData>): ExportResult {
        lastFailure = null
        val todo = resume.remaining(batch)
        val tally = ExportTally()
        val callStart = transport.time.nanoTime()
        var failure: ExportResult.Failure? = null
        for (chunk in chunks(TwoSignalEncoder.events(todo), tally)) {
            failure = send(chunk, tally, callStart, truncated = false)
            if (failure != null) break
        }
        if (failure != null) {
            resume.interrupted(tally)
            return failure
        }
        return resume.finish(tally).result(batch.size, lastFailure)
    }

    /** Splits events into requests within the event and byte limits, shrinking or dropping single oversize events. */
    internal fun chunks(events: List<Event>, tally: ExportTally): List<List<Event>> {
        val chunks = ArrayList<List<Event>>()
        var current = ArrayList<Event>()
        var size = TwoSignalEncoder.EMPTY_BODY_SIZE
        for (original in events) {
            val event = fitting(original, tally) ?: continue
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

    private fun fitting(event: Event, tally: ExportTally): Event? {
        if (TwoSignalEncoder.EMPTY_BODY_SIZE + event.bytes.size <= maxBytes) return event
        val span = event.span ?: return null
        val smaller = TwoSignalEncoder.truncated(span)
        if (TwoSignalEncoder.EMPTY_BODY_SIZE + smaller.bytes.size <= maxBytes) return smaller
        tally.drop(DropReason.TOO_LARGE, listOf(span))
        lastFailure = ExportResult.Failure(null, retryable = false, reason = DropReason.TOO_LARGE)
        return null
    }

    /** Sends one request; 413 bisects it. Returns the retryable failure that must stop this call, if any. */
    private suspend fun send(events: List<Event>, tally: ExportTally, callStart: Long, truncated: Boolean): ExportResult.Failure? {
        val spans = events.mapNotNull { it.span }
        val body = TwoSignalEncoder.body(events)
        when (val outcome = transport.post(ingestUrl, headers, body, config.gzip, handle413 = true, callStart = callStart)) {
            is HttpTransport.Outcome.Delivered -> {
                tally.delivered(spans)
                val accepted = (JsonReader.parse(outcome.body) as? Map<*, *>)?.let { JsonReader.asLong(it["accepted"]) }
                if (accepted != null && accepted < events.size) {
                    tally.reject(minOf(events.size - accepted, spans.size.toLong()), "accepted $accepted of ${events.size} events")
                }
                return null
            }
            is HttpTransport.Outcome.Failed -> {
                if (outcome.failure.retryable) return outcome.failure
                lastFailure = outcome.failure
                tally.drop(outcome.failure.reason, spans)
                return null
            }
            HttpTransport.Outcome.TooLarge -> {
                if (events.size > 1) {
                    val half = events.size / 2
                    return send(events.subList(0, half), tally, callStart, truncated)
                        ?: send(events.subList(half, events.size), tally, callStart, truncated)
                }
                val span = events[0].span ?: return null
                if (!truncated) return send(listOf(TwoSignalEncoder.truncated(span)), tally, callStart, truncated = true)
                lastFailure = ExportResult.Failure(null, retryable = false, reason = DropReason.TOO_LARGE)
                tally.drop(DropReason.TOO_LARGE, spans)
                return null
            }
        }
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
