package dev.spanwise.tracing.exporters.internal.encode

import dev.spanwise.tracing.exporters.internal.json.ByteSink
import dev.spanwise.tracing.exporters.internal.json.Utf8JsonWriter
import dev.spanwise.tracing.model.LlmCallData
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.SpanLevel
import dev.spanwise.tracing.model.SpanLink

/**
 * Wire names of the agent model shared by the OTLP-shaped vocabularies: the trace's identity
 * (OpenTelemetry, Langfuse and Spanwise keys), the level, input/output (OpenInference, read by
 * Phoenix and Langfuse) and an LLM call's request parameters, response id and prompt.
 */
internal object ModelAttributes {
    /** Session, user, tags and metadata under the keys OpenTelemetry GenAI and Langfuse read. */
    fun identity(span: SpanData, sink: AttributeSink) {
        val identity = span.identity ?: return
        identity.sessionId?.let {
            sink.put("gen_ai.conversation.id", it)
            sink.put("session.id", it)
            sink.put("langfuse.session.id", it)
        }
        identity.userId?.let {
            sink.put("user.id", it)
            sink.put("langfuse.user.id", it)
        }
        if (identity.tags.isNotEmpty()) {
            val tags = identity.tags.toList()
            sink.put("langfuse.trace.tags", tags)
            sink.put("spanwise.tags", tags)
        }
        identity.metadata.forEach { (k, v) -> sink.put("langfuse.trace.metadata.$k", v) }
    }

    /** `spanwise.level` and its message, for a span that is not DEFAULT; Langfuse's observation level too. */
    fun level(span: SpanData, sink: AttributeSink) {
        if (span.level == SpanLevel.DEFAULT) return
        sink.put("spanwise.level", span.level.name)
        sink.put("langfuse.observation.level", span.level.name)
        span.levelMessage?.let {
            sink.put("spanwise.level.message", it)
            sink.put("langfuse.observation.status_message", it)
        }
    }

    /** OpenInference `input.value` / `output.value`, on every span with content. */
    fun content(span: SpanData, sink: AttributeSink) {
        (span.input ?: span.llm?.input)?.let { sink.put("input.value", it) }
        (span.output ?: span.llm?.output)?.let { sink.put("output.value", it) }
    }

    /** `gen_ai.request.*`, `gen_ai.response.id` and `gen_ai.prompt.name` with Spanwise's version and variables. */
    fun llmRequest(llm: LlmCallData, sink: AttributeSink) {
        llm.request?.let { r ->
            r.temperature?.let { sink.put("gen_ai.request.temperature", it) }
            r.topP?.let { sink.put("gen_ai.request.top_p", it) }
            r.topK?.let { sink.putLong("gen_ai.request.top_k", it) }
            r.maxTokens?.let { sink.putLong("gen_ai.request.max_tokens", it) }
            r.seed?.let { sink.putLong("gen_ai.request.seed", it) }
            r.stopSequences?.let { sink.put("gen_ai.request.stop_sequences", it) }
            r.frequencyPenalty?.let { sink.put("gen_ai.request.frequency_penalty", it) }
            r.presencePenalty?.let { sink.put("gen_ai.request.presence_penalty", it) }
            r.stream?.let { sink.put("gen_ai.request.stream", it) }
            r.choiceCount?.let { sink.putLong("gen_ai.request.choice.count", it) }
        }
        llm.responseId?.let { sink.put("gen_ai.response.id", it) }
        MessagesJson.put(llm, sink)
        llm.prompt?.let { p ->
            sink.put("gen_ai.prompt.name", p.name)
            p.version?.let { sink.put("spanwise.prompt.version", it) }
            if (p.variables.isNotEmpty()) sink.put("spanwise.prompt.variables", variablesJson(p.variables))
        }
    }

    /**
     * A TOOL span's call (`gen_ai.tool.name`, `.call.id`, `.call.arguments`/`.call.result` from its
     * captured input/output, and the LLM span that asked for it) and an LLM span's requested tool calls
     * (`spanwise.tool_calls`: a JSON array of `{id, name, arguments}`, arguments only when captured).
     */
    fun tools(span: SpanData, sink: AttributeSink) {
        if (span.kind == ScopeKind.TOOL) {
            sink.put("gen_ai.tool.name", span.name)
            span.toolCallId?.let { sink.put("gen_ai.tool.call.id", it) }
            span.input?.let { sink.put("gen_ai.tool.call.arguments", it) }
            span.output?.let { sink.put("gen_ai.tool.call.result", it) }
            span.links.firstOrNull { it.reason == SpanLink.TOOL_CALL }?.let {
                sink.putScopeId("spanwise.tool.call.llm_scope_id", it.traceIdHigh, it.traceIdLow, it.spanId)
            }
        }
        val calls = span.llm?.toolCalls ?: return
        if (calls.isEmpty()) return
        val w = Utf8JsonWriter(ByteSink(32 + calls.sumOf { 32 + it.id.length + it.name.length + (it.arguments?.length ?: 0) } * 2))
        w.beginArray()
        for (c in calls) {
            w.beginObject().field("id", c.id).field("name", c.name)
            c.arguments?.let { w.field("arguments", it) }
            w.endObject()
        }
        w.endArray()
        sink.put("spanwise.tool_calls", w.toString())
    }

    /** The prompt variables as one JSON object (text values). */
    fun variablesJson(variables: Map<String, String>): String {
        val w = Utf8JsonWriter(ByteSink(64 + variables.entries.sumOf { it.key.length + it.value.length } * 2))
        w.beginObject()
        variables.forEach { (k, v) -> w.field(k, v) }
        w.endObject()
        return w.toString()
    }
}
