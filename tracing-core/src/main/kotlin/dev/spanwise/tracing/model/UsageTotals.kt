package dev.spanwise.tracing.model

/**
 * Tokens and cost of a scope's whole subtree: the spans that ended under it so far, itself included
 * once it has ended.
 */
public data class UsageTotals(
    /** Summed token counts. */
    val usage: TokenUsage,
    /** Summed cost in USD of the priced LLM calls. */
    val costUsd: Double,
    /** How many LLM calls were counted. */
    val llmCalls: Int,
) {
    /** Constants. */
    public companion object {
        /** Nothing recorded. */
        @JvmField
        public val EMPTY: UsageTotals = UsageTotals(TokenUsage.NONE, 0.0, 0)
    }
}
