package dev.spanwise.tracing.exporters.internal.encode

import dev.spanwise.tracing.exporters.internal.json.ByteSink
import dev.spanwise.tracing.exporters.internal.json.Utf8JsonWriter
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.SpanStatus

/**
 * Encodes spans as a Zipkin v2 JSON list: lower-hex ids, microsecond timestamps, every tag a
 * string (the GenAI attribute names, rendered as text), events as annotations (an agent artifact's
 * annotation reads `spanwise.terminal_command: npm test (exit 1)`).
 */
internal object ZipkinJsonEncoder {
    /** The request body, UTF-8. */
    fun encode(batch: List<SpanData>): ByteArray {
        val w = Utf8JsonWriter(ByteSink(256 + batch.sumOf { it.estimatedBytes }))
        w.beginArray()
        for (span in batch) writeSpan(w, span)
        w.endArray()
        return w.sink.toByteArray()
    }

    private fun writeSpan(w: Utf8JsonWriter, span: SpanData) {
        w.beginObject()
        w.field("traceId", span.traceIdHex)
        w.field("id", span.spanIdHex)
        span.parentSpanIdHex?.let { w.field("parentId", it) }
        w.field("name", span.name)
        when (span.kind) {
            ScopeKind.LLM, ScopeKind.EMBEDDING -> w.field("kind", "CLIENT")
            ScopeKind.SERVER -> w.field("kind", "SERVER")
            else -> {}
        }
        val startMicros = span.startEpochNanos / 1000
        w.field("timestamp", startMicros)
        w.field("duration", maxOf(1L, span.durationNanos / 1000))
        w.name("localEndpoint").beginObject().field("serviceName", span.resource.serviceName).endObject()
        w.name("tags").beginObject()
        val written = HashSet<String>()
        val sink = AttributeSink { k, v -> if (written.add(k)) w.field(k, tagText(v)) }
        GenAiVocabulary.span(span, sink)
        span.attributes.forEach { k, v -> sink.put(k, v) }
        span.resource.environment?.let { sink.put("deployment.environment", it) }
        span.resource.serviceVersion?.let { sink.put("service.version", it) }
        if (span.status == SpanStatus.ERROR) sink.put("error", span.error?.let { it.message ?: it.type } ?: "error")
        w.endObject()
        val error = span.error
        if (span.events.isNotEmpty() || error != null) {
            w.name("annotations").beginArray()
            for (e in span.events) w.beginObject().field("timestamp", e.epochNanos / 1000).field("value", ArtifactWire.annotation(e)).endObject()
            if (error != null) {
                val text = "exception: " + error.type + (error.message?.let { ": $it" } ?: "")
                w.beginObject().field("timestamp", error.epochNanos / 1000).field("value", text).endObject()
            }
            w.endArray()
        }
        w.endObject()
    }

    private fun tagText(v: Any): String = when (v) {
        is List<*> -> v.joinToString(",")
        else -> v.toString()
    }
}
