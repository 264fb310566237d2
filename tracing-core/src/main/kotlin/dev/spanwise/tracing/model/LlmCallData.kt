package dev.spanwise.tracing.model

/** The LLM-specific part of a span. */
public class LlmCallData internal constructor(
    /** The provider, e.g. `openai`, `anthropic`; `null` if not given. */
    public val provider: String?,
    /** The model asked for. */
    public val requestModel: String?,
    /** The model that answered, when the provider reports it. */
    public val responseModel: String?,
    /** The operation: `chat`, `text_completion`, `embeddings`, … */
    public val operation: String,
    /** Token counts. */
    public val usage: TokenUsage,
    /** Cost in USD from the configured pricing, or `null` when the model has no price. */
    public val costUsd: Double?,
    /** Why the model stopped, one per choice. */
    public val finishReasons: List<String>,
    /** Prompt content, only when content capture is on (already masked and bounded). */
    public val input: String?,
    /** Completion content, only when content capture is on (already masked and bounded). */
    public val output: String?,
    /** The sampling and output parameters the call was made with, or `null` when none was given. */
    public val request: LlmRequestParams? = null,
    /** The provider's id of the answer (e.g. `chatcmpl-…`), or `null`. */
    public val responseId: String? = null,
    /** The managed prompt the call was rendered from, or `null`. */
    public val prompt: PromptReference? = null,
    /** The tool calls the response asked for, in the order recorded. */
    public val toolCalls: List<ToolCallRequest> = emptyList(),
) {
    override fun toString(): String =
        "LlmCallData(provider=$provider, requestModel=$requestModel, responseModel=$responseModel, " +
            "operation=$operation, usage=$usage, costUsd=$costUsd, finishReasons=$finishReasons, request=$request, " +
            "responseId=$responseId, prompt=$prompt, toolCalls=$toolCalls)"
}
