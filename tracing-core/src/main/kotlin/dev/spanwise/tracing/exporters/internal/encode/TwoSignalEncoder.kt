package dev.spanwise.tracing.exporters.internal.encode

import dev.spanwise.tracing.exporters.internal.json.ByteSink
import dev.spanwise.tracing.exporters.internal.json.Utf8JsonWriter
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.SpanStatus

/**
 * Encodes spans as 2Signal ingest events: one `trace-create` per trace (before its spans, carrying
 * the trace's session and user ids and metadata in `metadata` and its tags in `tags`) and one
 * `span-create` per span (with any span's input and output, and its agent artifacts in
 * `metadata["spanwise.artifacts"]`). Event ids derive from the trace and span ids, so a re-sent event is
 * recognisably the same one.
 */
internal object TwoSignalEncoder {
    /** One encoded event; [span] is `null` for a `trace-create`. */
    class Event(val span: SpanData?, val bytes: ByteArray)

    /** Fields longer than this (UTF-8 bytes) are replaced by a marker when an event must shrink. */
    const val TRUNCATED_FIELD_BYTES = 16 * 1024

    fun events(batch: List<SpanData>): List<Event> {
        val byTrace = LinkedHashMap<String, MutableList<SpanData>>()
        for (span in batch) byTrace.getOrPut(span.traceIdHex) { ArrayList() }.add(span)
        val out = ArrayList<Event>(batch.size + byTrace.size)
        for ((traceId, spans) in byTrace) {
            out.add(Event(null, traceCreate(traceId, spans)))
            for (span in spans) out.add(Event(span, spanCreate(span, truncate = false)))
        }
        return out
    }

    /** The span's event with every oversize field replaced by `"<truncated: N bytes>"`. */
    fun truncated(span: SpanData): Event = Event(span, spanCreate(span, truncate = true))

    /** `{"batch":[…]}` around already encoded events. */
    fun body(events: List<Event>): ByteArray {
        val size = bodySize(events)
        val out = ByteArray(size.toInt())
        var pos = 0
        fun put(b: ByteArray) {
            System.arraycopy(b, 0, out, pos, b.size)
            pos += b.size
        }
        put(OPEN)
        events.forEachIndexed { i, e ->
            if (i > 0) put(COMMA)
            put(e.bytes)
        }
        put(CLOSE)
        return out
    }

    fun bodySize(events: List<Event>): Long =
        OPEN.size + CLOSE.size + events.sumOf { it.bytes.size.toLong() } + maxOf(0, events.size - 1)

    /** Bytes one more event adds to a body that already holds [count] events. */
    fun addedSize(event: Event, count: Int): Long = event.bytes.size.toLong() + if (count > 0) 1 else 0

    val EMPTY_BODY_SIZE: Long = (OPEN_TEXT.length + CLOSE_TEXT.length).toLong()

    private const val OPEN_TEXT = "{\"batch\":["
    private const val CLOSE_TEXT = "]}"
    private val OPEN = OPEN_TEXT.encodeToByteArray()
    private val CLOSE = CLOSE_TEXT.encodeToByteArray()
    private val COMMA = ",".encodeToByteArray()

    private fun traceCreate(traceId: String, spans: List<SpanData>): ByteArray {
        val root = spans.firstOrNull { it.isLocalRoot } ?: spans.first()
        // The root ends last, so it usually holds the fullest identity; else the last span that has one.
        val identity = root.identity ?: spans.lastOrNull { it.identity != null }?.identity
        val w = Utf8JsonWriter(ByteSink(512))
        w.beginObject().field("id", "trace-$traceId").field("type", "trace-create")
        w.name("body").beginObject().field("id", traceId).field("name", root.name)
        w.name("metadata").beginObject()
        w.field("service.name", root.resource.serviceName)
        root.correlationId?.let { w.field("correlation_id", it) }
        root.resource.serviceVersion?.let { w.field("service.version", it) }
        identity?.sessionId?.let { w.field("session_id", it) }
        identity?.userId?.let { w.field("user_id", it) }
        identity?.metadata?.forEach { (k, v) ->
            if (k != "service.name" && k != "correlation_id" && k != "service.version" && k != "session_id" && k != "user_id") {
                w.name(k)
                metadataValue(w, v) { it }
            }
        }
        w.endObject()
        w.name("tags").beginArray()
        root.resource.environment?.let { w.value(it) }
        identity?.tags?.forEach { if (it != root.resource.environment) w.value(it) }
        w.endArray()
        w.endObject()
        w.field("timestamp", Iso8601.format(spans.minOf { it.startEpochNanos }))
        w.endObject()
        return w.sink.toByteArray()
    }

    private fun spanCreate(span: SpanData, truncate: Boolean): ByteArray {
        fun text(s: String): String {
            if (!truncate) return s
            val bytes = utf8Length(s)
            return if (bytes > TRUNCATED_FIELD_BYTES) "<truncated: $bytes bytes>" else s
        }
        val w = Utf8JsonWriter(ByteSink(512 + span.estimatedBytes))
        w.beginObject().field("id", "span-" + span.scopeId).field("type", "span-create")
        w.name("body").beginObject()
        w.field("id", span.spanIdHex)
        w.field("trace_id", span.traceIdHex)
        w.field("parent_span_id", span.parentSpanIdHex)
        w.field("name", span.name)
        w.field("type", spanType(span.kind))
        w.field("start_time", Iso8601.format(span.startEpochNanos))
        w.field("end_time", Iso8601.format(span.endEpochNanos))
        val llm = span.llm
        (span.input ?: llm?.input)?.let { w.field("input", text(it)) }
        (span.output ?: llm?.output)?.let { w.field("output", text(it)) }
        w.field("model", llm?.let { it.responseModel ?: it.requestModel })
        if (llm != null && !llm.usage.isEmpty) {
            val u = llm.usage
            w.name("usage").beginObject()
                .field("prompt_tokens", u.inputTokens).field("completion_tokens", u.outputTokens)
                .field("total_tokens", u.totalTokens)
            if (u.cacheReadTokens > 0) w.field("cache_read_tokens", u.cacheReadTokens)
            if (u.cacheWriteTokens > 0) w.field("cache_write_tokens", u.cacheWriteTokens)
            if (u.reasoningTokens > 0) w.field("reasoning_tokens", u.reasoningTokens)
            w.endObject()
        } else {
            w.name("usage").nullValue()
        }
        val cost = llm?.costUsd
        if (cost != null && cost.isFinite()) w.name("cost").value(cost) else w.name("cost").nullValue()
        w.field("status", if (span.status == SpanStatus.ERROR) "ERROR" else "OK")
        span.error?.let { e -> w.field("error_message", text(e.type + (e.message?.let { ": $it" } ?: ""))) }
        w.name("metadata").beginObject()
        val written = HashSet<String>()
        // Content already travels in input/output; the vocabulary's copies are left out.
        written.add("input.value")
        written.add("output.value")
        val sink = AttributeSink { k, v ->
            if (written.add(k)) {
                w.name(k)
                metadataValue(w, v, ::text)
            }
        }
        GenAiVocabulary.span(span, sink)
        span.attributes.forEach { k, v -> sink.put(k, v) }
        if (ArtifactWire.hasArtifacts(span) && written.add(ArtifactWire.TWO_SIGNAL_KEY)) ArtifactWire.writeTwoSignal(w, span, ::text)
        w.endObject()
        w.endObject()
        w.field("timestamp", Iso8601.format(span.endEpochNanos))
        w.endObject()
        return w.sink.toByteArray()
    }

    private fun metadataValue(w: Utf8JsonWriter, v: Any, text: (String) -> String) {
        when (v) {
            is String -> w.value(text(v))
            is Long -> w.value(v)
            is Boolean -> w.value(v)
            is Double -> if (v.isFinite()) w.value(v) else w.value(v.toString())
            is List<*> -> {
                w.beginArray()
                for (item in v) if (item != null) metadataValue(w, item, text)
                w.endArray()
            }
            else -> w.value(text(v.toString()))
        }
    }

    /** 2Signal's span types: AGENT, LLM, TOOL, RETRIEVAL, CHAIN, CUSTOM. */
    fun spanType(kind: ScopeKind): String = when (kind) {
        ScopeKind.AGENT -> "AGENT"
        ScopeKind.LLM, ScopeKind.EMBEDDING -> "LLM"
        ScopeKind.TOOL -> "TOOL"
        ScopeKind.RETRIEVAL -> "RETRIEVAL"
        ScopeKind.CHAIN -> "CHAIN"
        ScopeKind.GUARDRAIL, ScopeKind.SERVER, ScopeKind.EVALUATION, ScopeKind.CUSTOM -> "CUSTOM"
    }

    fun utf8Length(s: String): Long {
        var n = 0L
        var i = 0
        while (i < s.length) {
            val c = s[i]
            n += when {
                c.code < 0x80 -> 1
                c.code < 0x800 -> 2
                Character.isHighSurrogate(c) && i + 1 < s.length && Character.isLowSurrogate(s[i + 1]) -> {
                    i++
                    4
                }
                else -> 3
            }
            i++
        }
        return n
    }
}
