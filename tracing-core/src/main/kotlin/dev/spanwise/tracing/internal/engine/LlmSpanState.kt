package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.model.LlmRequestParams
import dev.spanwise.tracing.model.PromptReference
import dev.spanwise.tracing.model.TokenUsage
import dev.spanwise.tracing.model.ToolCallRequest

/** Usage and cost rolled up into a span from the LLM calls that ended under it. */
internal open class SpanTotals {
    var totalUsage: TokenUsage = TokenUsage.NONE
    var totalCost: Double = 0.0
    var totalCalls: Int = 0
}

/**
 * What an LLM or embedding span records besides attributes (provider, models, usage, request parameters, prompt),
 * created only for those spans; it also holds their roll-up, so a plain span stays small.
 */
internal class LlmSpanState : SpanTotals() {
    var provider: String? = null
    var requestModel: String? = null
    var operation: String = "chat"
    var responseModel: String? = null
    var usage: TokenUsage = TokenUsage.NONE
    var finishReasons: List<String> = emptyList()
    var request: LlmRequestParams? = null
    var responseId: String? = null
    var prompt: PromptReference? = null
    var toolCalls: List<ToolCallRequest> = emptyList()
}
