package dev.spanwise.tracing.exporters.internal.encode

import dev.spanwise.tracing.model.Resource
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.model.internal.Ids
import dev.spanwise.tracing.model.internal.SpanwiseVersion

/** Receives one wire attribute. Values are `String`, `Long`, `Double`, `Boolean` or a `List` of those. */
internal fun interface AttributeSink {
    fun put(key: String, value: Any)

    /** A `long` value; sinks that write bytes override this to skip boxing. */
    fun putLong(key: String, value: Long): Unit = put(key, value)

    /** A scope id (`<32 hex trace id>-<16 hex span id>`); sinks that write bytes override this to skip the string. */
    fun putScopeId(key: String, traceHigh: Long, traceLow: Long, spanId: Long): Unit = put(key, Ids.scopeId(traceHigh, traceLow, spanId))

    /** The logical parent id if there is one, else the parent's scope id if there is a parent. */
    fun putParentId(key: String, span: SpanData) {
        val logical = span.logicalParentId
        when {
            logical != null -> put(key, logical)
            span.parentSpanId != 0L -> putScopeId(key, span.traceIdHigh, span.traceIdLow, span.parentSpanId)
        }
    }
}

/**
 * The attribute names one backend understands. Only encoders know wire names: the records are
 * typed. Vocabulary attributes are written before the user's, and win on a key collision.
 */
internal interface Vocabulary {
    fun resource(resource: Resource, sink: AttributeSink)

    fun span(span: SpanData, sink: AttributeSink)

    companion object {
        const val SDK_NAME = "spanwise"

        /** OTLP span kinds: INTERNAL 1, SERVER 2, CLIENT 3. */
        fun otlpKind(kind: ScopeKind): Int = when (kind) {
            ScopeKind.LLM, ScopeKind.EMBEDDING -> 3
            ScopeKind.SERVER -> 2
            else -> 1
        }

        fun commonResource(resource: Resource, sink: AttributeSink) {
            sink.put("service.name", resource.serviceName)
            resource.serviceVersion?.let { sink.put("service.version", it) }
            resource.environment?.let {
                sink.put("deployment.environment", it)
                sink.put("deployment.environment.name", it)
            }
            sink.put("telemetry.sdk.name", SDK_NAME)
            sink.put("telemetry.sdk.language", "java")
            sink.put("telemetry.sdk.version", SpanwiseVersion.VERSION)
            resource.attributes.forEach { k, v -> sink.put(k, v) }
        }
    }
}

/**
 * OpenTelemetry GenAI semantic conventions, plus `llm.cost.total_usd`, `spanwise.scope.*`, the
 * OpenInference content keys and Langfuse's trace keys (see [ModelAttributes]).
 */
internal object GenAiVocabulary : Vocabulary {
    override fun resource(resource: Resource, sink: AttributeSink) = Vocabulary.commonResource(resource, sink)

    override fun span(span: SpanData, sink: AttributeSink) {
        sink.putScopeId("spanwise.scope.id", span.traceIdHigh, span.traceIdLow, span.spanId)
        sink.put("spanwise.scope.kind", span.kind.name)
        span.correlationId?.let { sink.put("spanwise.scope.correlation_id", it) }
        sink.putParentId("spanwise.scope.parent_id", span)
        if (span.status == SpanStatus.CANCELLED) sink.put("spanwise.scope.status", "cancelled")
        span.error?.let { sink.put("error.type", it.type) }
        ModelAttributes.identity(span, sink)
        ModelAttributes.level(span, sink)
        ModelAttributes.content(span, sink)
        ModelAttributes.tools(span, sink)
        val llm = span.llm
        if (llm == null) {
            when (span.kind) {
                ScopeKind.AGENT -> {
                    sink.put("gen_ai.operation.name", "invoke_agent")
                    sink.put("gen_ai.agent.name", span.name)
                }
                ScopeKind.TOOL -> sink.put("gen_ai.operation.name", "execute_tool")
                ScopeKind.RETRIEVAL -> sink.put("gen_ai.operation.name", "retrieval")
                else -> {}
            }
            return
        }
        sink.put("gen_ai.operation.name", llm.operation)
        llm.provider?.let { sink.put("gen_ai.provider.name", it) }
        llm.requestModel?.let { sink.put("gen_ai.request.model", it) }
        llm.responseModel?.let { sink.put("gen_ai.response.model", it) }
        val u = llm.usage
        if (!u.isEmpty) {
            sink.putLong("gen_ai.usage.input_tokens", u.inputTokens)
            sink.putLong("gen_ai.usage.output_tokens", u.outputTokens)
        }
        if (u.cacheReadTokens > 0) sink.putLong("gen_ai.usage.cache_read.input_tokens", u.cacheReadTokens)
        if (u.cacheWriteTokens > 0) {
            // The cache-write key is being renamed: both until the rename settles, unless only the newest names are asked for.
            sink.putLong("gen_ai.usage.cache_write.input_tokens", u.cacheWriteTokens)
            if (!SemconvOptIn.genAiLatestOnly) sink.putLong("gen_ai.usage.cache_creation.input_tokens", u.cacheWriteTokens)
        }
        if (u.reasoningTokens > 0) sink.putLong("gen_ai.usage.reasoning.output_tokens", u.reasoningTokens)
        if (llm.finishReasons.isNotEmpty()) sink.put("gen_ai.response.finish_reasons", llm.finishReasons)
        llm.costUsd?.let { sink.put("llm.cost.total_usd", it) }
        ModelAttributes.llmRequest(llm, sink)
    }
}

/**
 * What the Tracentic SDK sends: `llm.*` and `tracentic.scope.*` keys; the trace's identity, the
 * level, scope content and request parameters travel as free attributes (see [ModelAttributes]).
 */
internal object TracenticVocabulary : Vocabulary {
    override fun resource(resource: Resource, sink: AttributeSink) = Vocabulary.commonResource(resource, sink)

    override fun span(span: SpanData, sink: AttributeSink) {
        val llm = span.llm
        if (llm == null) {
            sink.putScopeId("tracentic.scope.id", span.traceIdHigh, span.traceIdLow, span.spanId)
            sink.put("tracentic.scope.name", span.name)
            sink.put("tracentic.scope.started_at", Iso8601.format(span.startEpochNanos))
            sink.putParentId("tracentic.scope.parent_id", span)
        } else {
            // An LLM call belongs to its enclosing scope, as in the Tracentic SDK.
            if (span.parentSpanId != 0L) sink.putScopeId("tracentic.scope.id", span.traceIdHigh, span.traceIdLow, span.parentSpanId)
            span.logicalParentId?.let { sink.put("tracentic.scope.parent_id", it) }
        }
        span.correlationId?.let { sink.put("tracentic.scope.correlation_id", it) }
        if (span.status == SpanStatus.CANCELLED) sink.put("tracentic.scope.status", "cancelled")
        ModelAttributes.identity(span, sink)
        ModelAttributes.level(span, sink)
        ModelAttributes.tools(span, sink)
        if (llm == null) {
            span.error?.let { sink.put("error.type", it.type) }
            ModelAttributes.content(span, sink)
            return
        }
        llm.provider?.let { sink.put("llm.provider", it) }
        llm.requestModel?.let { sink.put("llm.request.model", it) }
        llm.responseModel?.let { sink.put("llm.response.model", it) }
        sink.put("llm.request.type", llm.operation)
        val u = llm.usage
        if (!u.isEmpty) {
            sink.putLong("llm.usage.input_tokens", u.inputTokens)
            sink.putLong("llm.usage.output_tokens", u.outputTokens)
            sink.putLong("llm.usage.total_tokens", u.totalTokens)
        }
        if (u.cacheReadTokens > 0) sink.putLong("llm.usage.cache_read_tokens", u.cacheReadTokens)
        if (u.cacheWriteTokens > 0) sink.putLong("llm.usage.cache_write_tokens", u.cacheWriteTokens)
        sink.putLong("llm.duration_ms", span.durationNanos / 1_000_000)
        llm.costUsd?.let { sink.put("llm.cost.total_usd", it) }
        span.error?.let { sink.put("llm.error.type", it.type) }
        llm.input?.let { sink.put("llm.input", it) }
        llm.output?.let { sink.put("llm.output", it) }
        ModelAttributes.llmRequest(llm, sink)
    }
}
