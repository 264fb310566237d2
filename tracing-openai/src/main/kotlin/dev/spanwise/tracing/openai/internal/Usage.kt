package dev.spanwise.tracing.openai.internal

import com.openai.models.completions.CompletionUsage
import com.openai.models.responses.ResponseUsage
import dev.spanwise.tracing.scope.LlmScope

/**
 * Token counts in the OpenTelemetry GenAI meaning: OpenAI's `prompt_tokens`/`input_tokens` already
 * include cached tokens, and its output counts include reasoning tokens, so they are recorded as they are.
 */
internal object Usage {
    fun record(scope: LlmScope, usage: CompletionUsage) {
        val prompt = Guard.valueOf { usage.promptTokensDetails().orElse(null) }
        val completion = Guard.valueOf { usage.completionTokensDetails().orElse(null) }
        scope.usage(
            inputTokens = Guard.valueOf { usage.promptTokens() } ?: 0,
            outputTokens = Guard.valueOf { usage.completionTokens() } ?: 0,
            cacheReadTokens = prompt?.let { Guard.valueOf { it.cachedTokens().orElse(null) } } ?: 0,
            cacheWriteTokens = prompt?.let { Guard.valueOf { it.cacheWriteTokens().orElse(null) } } ?: 0,
            reasoningTokens = completion?.let { Guard.valueOf { it.reasoningTokens().orElse(null) } } ?: 0,
        )
    }

    fun record(scope: LlmScope, usage: ResponseUsage) {
        val input = Guard.valueOf { usage.inputTokensDetails() }
        scope.usage(
            inputTokens = Guard.valueOf { usage.inputTokens() } ?: 0,
            outputTokens = Guard.valueOf { usage.outputTokens() } ?: 0,
            cacheReadTokens = input?.let { Guard.valueOf { it.cachedTokens() } } ?: 0,
            cacheWriteTokens = input?.let { Guard.valueOf { it.cacheWriteTokens() } } ?: 0,
            reasoningTokens = Guard.valueOf { usage.outputTokensDetails().reasoningTokens() } ?: 0,
        )
    }
}
