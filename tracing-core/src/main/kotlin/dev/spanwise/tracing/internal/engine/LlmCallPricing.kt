package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.model.LlmCallData
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.TokenUsage
import dev.spanwise.tracing.model.internal.ThrottledLogger
import dev.spanwise.tracing.pricing.CostCalculator
import java.util.concurrent.ConcurrentHashMap

/**
 * The LLM call of an ended LLM or embedding span, with its cost from the pricing table: priced by
 * the response model, else by the requested one. A model with usage but no price is warned about
 * once per model.
 */
internal class LlmCallPricing(private val costs: CostCalculator, private val log: ThrottledLogger) {
    private val unpricedWarned = ConcurrentHashMap.newKeySet<String>()

    /** The span's [LlmCallData], or `null` when it is not an LLM or embedding span. */
    fun llmCall(span: RecordingSpan): LlmCallData? {
        if (span.kind != ScopeKind.LLM && span.kind != ScopeKind.EMBEDDING) return null
        val state = span.llmState
        val usage = state?.usage ?: TokenUsage.NONE
        val requestModel = state?.requestModel
        val model = state?.responseModel ?: requestModel
        var cost: Double? = null
        if (model != null) {
            cost = costs.cost(model, usage)
            if (cost == null && requestModel != null && requestModel != model) cost = costs.cost(requestModel, usage)
            if (cost == null && !usage.isEmpty && unpricedWarned.add(model)) {
                log.delegate.warn("Spanwise: no price configured for model '{}'; its calls carry no cost", model)
            }
        }
        val extras = span.extras
        return LlmCallData(
            state?.provider, requestModel, state?.responseModel,
            state?.operation ?: if (span.kind == ScopeKind.EMBEDDING) "embeddings" else "chat",
            usage, cost, state?.finishReasons ?: emptyList(), extras?.input, extras?.output,
            state?.request, state?.responseId, state?.prompt, state?.toolCalls ?: emptyList(),
        )
    }
}
