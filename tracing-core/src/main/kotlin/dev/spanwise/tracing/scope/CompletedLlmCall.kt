package dev.spanwise.tracing.scope

import dev.spanwise.tracing.model.TokenUsage
import java.time.Instant

/**
 * An LLM call timed by the caller, recorded after the fact with `Tracing.recordSpan(scope, CompletedLlmCall(…))`.
 *
 * ```kotlin
 * val started = Instant.now()
 * val reply = client.chat(prompt)
 * tracing.recordSpan(scope, CompletedLlmCall(name = "answer", provider = "openai", model = "gpt-4o",
 *     startedAt = started, endedAt = Instant.now(), usage = TokenUsage(reply.inTok, reply.outTok)))
 * ```
 * An `endedAt` before `startedAt` is recorded as a zero-length span.
 */
public class CompletedLlmCall @JvmOverloads constructor(
    /** Span name. */
    public val name: String,
    /** When the call started. */
    public val startedAt: Instant,
    /** When the call ended. */
    public val endedAt: Instant,
    /** Provider, e.g. `openai`. */
    public val provider: String? = null,
    /** Model asked for. */
    public val model: String? = null,
    /** Model that answered, if different. */
    public val responseModel: String? = null,
    /** Operation: `chat`, `text_completion`, `embeddings`, … */
    public val operation: String = "chat",
    /** Token counts. */
    public val usage: TokenUsage = TokenUsage.NONE,
    /** Finish reasons. */
    public val finishReasons: List<String> = emptyList(),
    /** Prompt content (kept only when content capture is on). */
    public val input: String? = null,
    /** Completion content (kept only when content capture is on). */
    public val output: String? = null,
    /** Span attributes (above scope attributes). */
    public val attributes: Map<String, Any?> = emptyMap(),
) {
    override fun equals(other: Any?): Boolean = other is CompletedLlmCall &&
        other.name == name &&
        other.startedAt == startedAt &&
        other.endedAt == endedAt &&
        other.provider == provider &&
        other.model == model &&
        other.responseModel == responseModel &&
        other.operation == operation &&
        other.usage == usage &&
        other.finishReasons == finishReasons &&
        other.input == input &&
        other.output == output &&
        other.attributes == attributes

    override fun hashCode(): Int =
        listOf(name, startedAt, endedAt, provider, model, responseModel, operation, usage, finishReasons, input, output, attributes)
            .hashCode()

    override fun toString(): String =
        "CompletedLlmCall(name=$name, startedAt=$startedAt, endedAt=$endedAt, provider=$provider, model=$model, " +
            "responseModel=$responseModel, operation=$operation, usage=$usage, finishReasons=$finishReasons, " +
            "input=$input, output=$output, attributes=$attributes)"
}
