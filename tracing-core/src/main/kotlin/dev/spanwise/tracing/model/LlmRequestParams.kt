package dev.spanwise.tracing.model

/**
 * The sampling and output parameters an LLM call was made with; `null` means "not given". Immutable;
 * a later `request(…)` call on the same span replaces only the values it gives.
 */
public class LlmRequestParams internal constructor(
    /** Sampling temperature. */
    public val temperature: Double? = null,
    /** Nucleus sampling probability mass. */
    public val topP: Double? = null,
    /** Top-k sampling cut. */
    public val topK: Long? = null,
    /** The most tokens the model may generate. */
    public val maxTokens: Long? = null,
    /** The seed asked for. */
    public val seed: Long? = null,
    /** Sequences that stop generation. */
    public val stopSequences: List<String>? = null,
    /** Frequency penalty. */
    public val frequencyPenalty: Double? = null,
    /** Presence penalty. */
    public val presencePenalty: Double? = null,
    /** Whether the answer was streamed. */
    public val stream: Boolean? = null,
    /** How many choices were asked for. */
    public val choiceCount: Long? = null,
) {
    /** These values, overridden by those [other] gives. */
    internal fun mergedWith(other: LlmRequestParams): LlmRequestParams = LlmRequestParams(
        other.temperature ?: temperature,
        other.topP ?: topP,
        other.topK ?: topK,
        other.maxTokens ?: maxTokens,
        other.seed ?: seed,
        other.stopSequences ?: stopSequences,
        other.frequencyPenalty ?: frequencyPenalty,
        other.presencePenalty ?: presencePenalty,
        other.stream ?: stream,
        other.choiceCount ?: choiceCount,
    )

    override fun toString(): String =
        "LlmRequestParams(temperature=$temperature, topP=$topP, topK=$topK, maxTokens=$maxTokens, seed=$seed, " +
            "stopSequences=$stopSequences, frequencyPenalty=$frequencyPenalty, presencePenalty=$presencePenalty, " +
            "stream=$stream, choiceCount=$choiceCount)"
}
