package dev.spanwise.tracing.anthropic.internal

import dev.spanwise.tracing.scope.LlmScope

/**
 * Anthropic's token counts, mutable so that a stream can fill them in from `message_start` and
 * `message_delta`. Anthropic's `input_tokens` leaves out cache reads and cache writes; the span's
 * input (OpenTelemetry GenAI meaning) is their sum.
 */
internal class TokenCounts {
    var uncachedInput: Long = 0
    var cacheRead: Long = 0
    var cacheWrite: Long = 0
    var output: Long = 0
    var thinking: Long = 0

    /** Records the counts on [call], once. */
    fun record(call: LlmScope) {
        call.usage(
            inputTokens = uncachedInput + cacheRead + cacheWrite,
            outputTokens = output,
            cacheReadTokens = cacheRead,
            cacheWriteTokens = cacheWrite,
            reasoningTokens = thinking,
        )
    }
}
