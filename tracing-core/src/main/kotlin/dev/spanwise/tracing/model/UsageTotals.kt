package dev.spanwise.tracing.model

/**
 * Tokens and cost of a scope's whole subtree: the spans that ended under it so far, itself included
 * once it has ended.
 */
public class UsageTotals(
    /** Summed token counts. */
    public val usage: TokenUsage,
    /** Summed cost in USD of the priced LLM calls. */
    public val costUsd: Double,
    /** How many LLM calls were counted. */
    public val llmCalls: Int,
) {
    override fun equals(other: Any?): Boolean =
        other is UsageTotals && other.usage == usage && other.costUsd == costUsd && other.llmCalls == llmCalls

    override fun hashCode(): Int = (usage.hashCode() * 31 + costUsd.hashCode()) * 31 + llmCalls

    override fun toString(): String = "UsageTotals(usage=$usage, costUsd=$costUsd, llmCalls=$llmCalls)"

    /** Constants. */
    public companion object {
        /** Nothing recorded. */
        @JvmField
        public val EMPTY: UsageTotals = UsageTotals(TokenUsage.NONE, 0.0, 0)
    }
}
