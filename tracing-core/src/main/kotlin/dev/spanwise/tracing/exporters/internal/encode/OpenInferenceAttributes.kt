package dev.spanwise.tracing.exporters.internal.encode

import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanData

/**
 * The OpenInference keys Arize Phoenix reads besides the shared ones (`input.value`/`output.value`,
 * `session.id`, `user.id` in [ModelAttributes]): the span kind, and an LLM call's system, model and
 * token counts.
 */
internal object OpenInferenceAttributes {
    fun span(span: SpanData, sink: AttributeSink) {
        sink.put("openinference.span.kind", kind(span.kind))
        if (span.kind == ScopeKind.TOOL) sink.put("tool.name", span.name)
        val llm = span.llm ?: return
        llm.provider?.let { sink.put("llm.system", it) }
        (llm.responseModel ?: llm.requestModel)?.let { sink.put("llm.model_name", it) }
        val u = llm.usage
        if (u.isEmpty) return
        sink.putLong("llm.token_count.prompt", u.inputTokens)
        sink.putLong("llm.token_count.completion", u.outputTokens)
        sink.putLong("llm.token_count.total", u.totalTokens)
        if (u.cacheReadTokens > 0) sink.putLong("llm.token_count.prompt_details.cache_read", u.cacheReadTokens)
        if (u.cacheWriteTokens > 0) sink.putLong("llm.token_count.prompt_details.cache_write", u.cacheWriteTokens)
        if (u.reasoningTokens > 0) sink.putLong("llm.token_count.completion_details.reasoning", u.reasoningTokens)
    }

    /** OpenInference's span kind for a Spanwise scope kind. */
    fun kind(kind: ScopeKind): String = when (kind) {
        ScopeKind.LLM -> "LLM"
        ScopeKind.EMBEDDING -> "EMBEDDING"
        ScopeKind.AGENT -> "AGENT"
        ScopeKind.TOOL -> "TOOL"
        ScopeKind.RETRIEVAL -> "RETRIEVER"
        ScopeKind.GUARDRAIL -> "GUARDRAIL"
        ScopeKind.EVALUATION -> "EVALUATOR"
        ScopeKind.CHAIN, ScopeKind.SERVER, ScopeKind.CUSTOM -> "CHAIN"
    }
}
