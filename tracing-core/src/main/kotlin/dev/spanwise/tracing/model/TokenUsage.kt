package dev.spanwise.tracing.model

/**
 * Token counts of one LLM call, in OpenTelemetry GenAI meaning: [inputTokens] includes the cached
 * tokens ([cacheReadTokens] and [cacheWriteTokens]) and [outputTokens] includes [reasoningTokens].
 * Negative values are clamped to zero when recorded.
 */
public class TokenUsage(
    /** All prompt tokens, cached ones included. */
    public val inputTokens: Long = 0,
    /** All completion tokens, reasoning ones included. */
    public val outputTokens: Long = 0,
    /** Prompt tokens read from the provider's prompt cache. */
    public val cacheReadTokens: Long = 0,
    /** Prompt tokens written to the provider's prompt cache. */
    public val cacheWriteTokens: Long = 0,
    /** Completion tokens spent on hidden reasoning. */
    public val reasoningTokens: Long = 0,
) {
    /** Input plus output tokens. */
    public val totalTokens: Long get() = saturatedAdd(inputTokens, outputTokens)

    /** Whether every count is zero. */
    public val isEmpty: Boolean
        get() = inputTokens == 0L &&
            outputTokens == 0L &&
            cacheReadTokens == 0L &&
            cacheWriteTokens == 0L &&
            reasoningTokens == 0L

    /** The sum of two usages, saturating at [Long.MAX_VALUE]. */
    public operator fun plus(other: TokenUsage): TokenUsage = TokenUsage(
        saturatedAdd(inputTokens, other.inputTokens),
        saturatedAdd(outputTokens, other.outputTokens),
        saturatedAdd(cacheReadTokens, other.cacheReadTokens),
        saturatedAdd(cacheWriteTokens, other.cacheWriteTokens),
        saturatedAdd(reasoningTokens, other.reasoningTokens),
    )

    override fun equals(other: Any?): Boolean = other is TokenUsage &&
        other.inputTokens == inputTokens &&
        other.outputTokens == outputTokens &&
        other.cacheReadTokens == cacheReadTokens &&
        other.cacheWriteTokens == cacheWriteTokens &&
        other.reasoningTokens == reasoningTokens

    override fun hashCode(): Int =
        listOf(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens).hashCode()

    override fun toString(): String =
        "TokenUsage(inputTokens=$inputTokens, outputTokens=$outputTokens, cacheReadTokens=$cacheReadTokens, " +
            "cacheWriteTokens=$cacheWriteTokens, reasoningTokens=$reasoningTokens)"

    /** Constants. */
    public companion object {
        /** No tokens. */
        @JvmField
        public val NONE: TokenUsage = TokenUsage()
    }
}

internal fun saturatedAdd(a: Long, b: Long): Long {
    val r = a + b
    return if (((a xor r) and (b xor r)) < 0) Long.MAX_VALUE else r
}
