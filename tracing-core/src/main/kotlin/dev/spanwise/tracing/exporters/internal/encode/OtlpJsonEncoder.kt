package dev.spanwise.tracing.exporters.internal.encode

import dev.spanwise.tracing.exporters.internal.json.ByteSink
import dev.spanwise.tracing.exporters.internal.json.JsonName
import dev.spanwise.tracing.exporters.internal.json.Utf8JsonWriter
import dev.spanwise.tracing.model.InternalTracingApi
import dev.spanwise.tracing.model.Resource
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.model.internal.SpanwiseVersion
import java.util.IdentityHashMap

/**
 * Encodes spans as an OTLP/JSON `ExportTraceServiceRequest`, as UTF-8 straight into a reusable
 * buffer: int64 as decimal strings, enums as integers, ids as lower hex (the OTLP/JSON rule) or
 * base64 (what Tracentic's ingest expects). Deterministic: the same spans give the same bytes.
 * Thread-safe; all per-call state lives in the writer passed in.
 */
@InternalTracingApi
public class OtlpJsonEncoder internal constructor(private val vocabulary: Vocabulary, private val ids: IdFormat = IdFormat.HEX) {
    /** How ids are written: lower-case hex (OTLP/JSON) or base64. */
    public enum class IdFormat { HEX, BASE64 }

    /** Appends the request for [batch] to [w]. */
    public fun encodeRequest(batch: List<SpanData>, w: Utf8JsonWriter) {
        val attributes = OtlpAttributeWriter(w)
        w.beginObject().name(RESOURCE_SPANS).beginArray()
        if (batch.isNotEmpty() && batch.all { it.resource === batch[0].resource }) {
            writeResourceSpans(w, attributes, batch[0].resource, batch)
        } else {
            val byResource = IdentityHashMap<Resource, MutableList<SpanData>>()
            val order = ArrayList<Resource>()
            for (span in batch) {
                byResource.getOrPut(span.resource) {
                    order.add(span.resource)
                    ArrayList()
                }.add(span)
            }
            for (resource in order) writeResourceSpans(w, attributes, resource, byResource.getValue(resource))
        }
        w.endArray().endObject()
    }

    /** The request for [batch] as text (for tests and tools; exporters write bytes). */
    internal fun encodeRequest(batch: List<SpanData>): String =
        Utf8JsonWriter(ByteSink(1024 + batch.sumOf { it.estimatedBytes })).also { encodeRequest(batch, it) }.toString()

    /** One span object, as found in `scopeSpans[].spans[]`. */
    internal fun encodeSpan(span: SpanData): String =
        Utf8JsonWriter(ByteSink(256 + span.estimatedBytes)).also { writeSpan(it, OtlpAttributeWriter(it), span) }.toString()

    private fun writeResourceSpans(w: Utf8JsonWriter, attributes: OtlpAttributeWriter, resource: Resource, spans: List<SpanData>) {
        w.beginObject().name(RESOURCE).beginObject()
        attributes.begin(dedup = false)
        vocabulary.resource(resource, attributes)
        attributes.end()
        w.endObject()
        w.name(SCOPE_SPANS).beginArray().beginObject()
        w.name(SCOPE).beginObject().field(NAME, SCOPE_NAME).field(VERSION, SpanwiseVersion.VERSION).endObject()
        w.name(SPANS).beginArray()
        for (span in spans) writeSpan(w, attributes, span)
        w.endArray().endObject().endArray().endObject()
    }

    private fun writeSpan(w: Utf8JsonWriter, attributes: OtlpAttributeWriter, span: SpanData) {
        w.beginObject()
        w.name(TRACE_ID)
        if (ids == IdFormat.HEX) w.hexValue(span.traceIdHigh, span.traceIdLow) else w.base64Value(span.traceIdHigh, span.traceIdLow)
        w.name(SPAN_ID)
        spanId(w, span.spanId)
        if (span.parentSpanId != 0L) {
            w.name(PARENT_SPAN_ID)
            spanId(w, span.parentSpanId)
        }
        w.field(NAME, span.name)
        w.field(KIND, Vocabulary.otlpKind(span.kind).toLong())
        w.name(START_TIME).stringValue(span.startEpochNanos)
        w.name(END_TIME).stringValue(span.endEpochNanos)
        // Vocabulary attributes first; a user attribute with the same key is left out.
        attributes.begin(dedup = true)
        vocabulary.span(span, attributes)
        span.attributes.forEach { k, v -> attributes.put(k, v) }
        attributes.end()
        if (span.droppedAttributes > 0) w.field(DROPPED_ATTRIBUTES, span.droppedAttributes.toLong())
        val error = span.error
        if (span.events.isNotEmpty() || error != null) {
            w.name(EVENTS).beginArray()
            for (e in span.events) {
                w.beginObject().name(TIME).stringValue(e.epochNanos).field(NAME, e.name)
                attributes.begin(dedup = false)
                e.attributes.forEach { k, v -> attributes.put(k, v) }
                attributes.end()
                w.endObject()
            }
            if (error != null) {
                w.beginObject().name(TIME).stringValue(error.epochNanos).field(NAME, "exception")
                attributes.begin(dedup = false)
                attributes.put("exception.type", error.type)
                error.message?.let { attributes.put("exception.message", it) }
                attributes.put("exception.stacktrace", error.stackTrace)
                attributes.end()
                w.endObject()
            }
            w.endArray()
        }
        if (span.links.isNotEmpty()) {
            w.name(LINKS).beginArray()
            for (link in span.links) {
                w.beginObject().name(TRACE_ID)
                if (ids == IdFormat.HEX) w.hexValue(link.traceIdHigh, link.traceIdLow) else w.base64Value(link.traceIdHigh, link.traceIdLow)
                w.name(SPAN_ID)
                spanId(w, link.spanId)
                attributes.begin(dedup = false)
                attributes.put("spanwise.link.reason", link.reason)
                attributes.end()
                w.endObject()
            }
            w.endArray()
        }
        w.name(STATUS).beginObject()
        if (span.status == SpanStatus.ERROR) {
            w.field(CODE, STATUS_ERROR)
            error?.message?.let { w.field(MESSAGE, it) }
        }
        w.endObject()
        w.endObject()
    }

    private fun spanId(w: Utf8JsonWriter, id: Long) {
        if (ids == IdFormat.HEX) w.hexValue(id) else w.base64Value(id)
    }

    internal companion object {
        const val SCOPE_NAME = "dev.spanwise.tracing"
        private const val STATUS_ERROR = 2L
        private val RESOURCE_SPANS = JsonName("resourceSpans")
        private val RESOURCE = JsonName("resource")
        private val SCOPE_SPANS = JsonName("scopeSpans")
        private val SCOPE = JsonName("scope")
        private val SPANS = JsonName("spans")
        private val NAME = JsonName("name")
        private val VERSION = JsonName("version")
        private val TRACE_ID = JsonName("traceId")
        private val SPAN_ID = JsonName("spanId")
        private val PARENT_SPAN_ID = JsonName("parentSpanId")
        private val KIND = JsonName("kind")
        private val START_TIME = JsonName("startTimeUnixNano")
        private val END_TIME = JsonName("endTimeUnixNano")
        private val DROPPED_ATTRIBUTES = JsonName("droppedAttributesCount")
        private val EVENTS = JsonName("events")
        private val LINKS = JsonName("links")
        private val TIME = JsonName("timeUnixNano")
        private val STATUS = JsonName("status")
        private val CODE = JsonName("code")
        private val MESSAGE = JsonName("message")
    }
}
