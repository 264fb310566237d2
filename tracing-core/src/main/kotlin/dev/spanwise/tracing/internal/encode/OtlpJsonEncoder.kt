package dev.spanwise.tracing.internal.encode

import dev.spanwise.tracing.SpanStatus
import dev.spanwise.tracing.export.Resource
import dev.spanwise.tracing.export.SpanData
import dev.spanwise.tracing.internal.Ids
import dev.spanwise.tracing.internal.SpanwiseVersion
import dev.spanwise.tracing.internal.json.JsonWriter
import java.nio.ByteBuffer
import java.util.Base64
import java.util.IdentityHashMap

/**
 * Encodes spans as an OTLP/JSON `ExportTraceServiceRequest`: int64 as decimal strings, enums as
 * integers, ids as lower hex (the OTLP/JSON rule) or base64 (what Tracentic's ingest expects).
 * Deterministic: the same spans give byte-identical output.
 */
internal class OtlpJsonEncoder(private val vocabulary: Vocabulary, private val ids: IdFormat = IdFormat.HEX) {
    enum class IdFormat { HEX, BASE64 }

    fun encodeRequest(batch: List<SpanData>): String {
        val byResource = IdentityHashMap<Resource, MutableList<SpanData>>()
        val order = ArrayList<Resource>()
        for (span in batch) {
            byResource.getOrPut(span.resource) {
                order.add(span.resource)
                ArrayList()
            }.add(span)
        }
        // Sized from the spans' own estimate so the builder does not grow (and copy) while writing.
        val w = JsonWriter(StringBuilder(1024 + batch.sumOf { it.estimatedBytes }))
        w.beginObject().name("resourceSpans").beginArray()
        for (resource in order) {
            w.beginObject().name("resource").beginObject()
            attributes(w) { sink -> vocabulary.resource(resource, sink) }
            w.endObject()
            w.name("scopeSpans").beginArray().beginObject()
            w.name("scope").beginObject().field("name", SCOPE_NAME).field("version", SpanwiseVersion.VERSION).endObject()
            w.name("spans").beginArray()
            for (span in byResource.getValue(resource)) writeSpan(w, span)
            w.endArray().endObject().endArray().endObject()
        }
        w.endArray().endObject()
        return w.toString()
    }

    /** One span object, as found in `scopeSpans[].spans[]`. */
    fun encodeSpan(span: SpanData): String = JsonWriter().also { writeSpan(it, span) }.toString()

    fun writeSpan(w: JsonWriter, span: SpanData) {
        w.beginObject()
        w.field("traceId", traceId(span))
        w.field("spanId", spanId(span.spanId))
        if (span.parentSpanId != 0L) w.field("parentSpanId", spanId(span.parentSpanId))
        w.field("name", span.name)
        w.field("kind", Vocabulary.otlpKind(span.kind).toLong())
        w.name("startTimeUnixNano").stringValue(span.startEpochNanos)
        w.name("endTimeUnixNano").stringValue(span.endEpochNanos)
        val written = HashSet<String>()
        attributes(w) { sink ->
            val dedup = AttributeSink { k, v -> if (written.add(k)) sink.put(k, v) }
            vocabulary.span(span, dedup)
            span.attributes.forEach { k, v -> dedup.put(k, v) }
        }
        if (span.droppedAttributes > 0) w.field("droppedAttributesCount", span.droppedAttributes.toLong())
        val error = span.error
        if (span.events.isNotEmpty() || error != null) {
            w.name("events").beginArray()
            for (e in span.events) {
                w.beginObject().name("timeUnixNano").stringValue(e.epochNanos).field("name", e.name)
                attributes(w) { sink -> e.attributes.forEach { k, v -> sink.put(k, v) } }
                w.endObject()
            }
            if (error != null) {
                w.beginObject().name("timeUnixNano").stringValue(error.epochNanos).field("name", "exception")
                attributes(w) { sink ->
                    sink.put("exception.type", error.type)
                    error.message?.let { sink.put("exception.message", it) }
                    sink.put("exception.stacktrace", error.stackTrace)
                }
                w.endObject()
            }
            w.endArray()
        }
        w.name("status").beginObject()
        if (span.status == SpanStatus.ERROR) {
            w.field("code", STATUS_ERROR)
            error?.message?.let { w.field("message", it) }
        }
        w.endObject()
        w.endObject()
    }

    private inline fun attributes(w: JsonWriter, fill: (AttributeSink) -> Unit) {
        w.name("attributes").beginArray()
        fill(
            AttributeSink { k, v ->
                w.beginObject().field("key", k).name("value")
                anyValue(w, v)
                w.endObject()
            },
        )
        w.endArray()
    }

    private fun traceId(span: SpanData): String = when (ids) {
        IdFormat.HEX -> span.traceIdHex
        IdFormat.BASE64 -> BASE64.encodeToString(ByteBuffer.allocate(16).putLong(span.traceIdHigh).putLong(span.traceIdLow).array())
    }

    private fun spanId(id: Long): String = when (ids) {
        IdFormat.HEX -> Ids.spanIdHex(id)
        IdFormat.BASE64 -> BASE64.encodeToString(ByteBuffer.allocate(8).putLong(id).array())
    }

    companion object {
        const val SCOPE_NAME = "dev.spanwise.tracing"
        private const val STATUS_ERROR = 2L
        private val BASE64 = Base64.getEncoder()

        /** An OTLP `AnyValue`. */
        fun anyValue(w: JsonWriter, v: Any) {
            w.beginObject()
            when (v) {
                is String -> w.field("stringValue", v)
                is Boolean -> w.field("boolValue", v)
                is Long -> w.name("intValue").stringValue(v)
                is Int -> w.name("intValue").stringValue(v.toLong())
                is Double -> w.name("doubleValue").value(v)
                is List<*> -> {
                    w.name("arrayValue").beginObject().name("values").beginArray()
                    for (item in v) if (item != null) anyValue(w, item)
                    w.endArray().endObject()
                }
                else -> w.field("stringValue", v.toString())
            }
            w.endObject()
        }
    }
}
