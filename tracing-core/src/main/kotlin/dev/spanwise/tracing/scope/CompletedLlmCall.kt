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
public data class CompletedLlmCall @JvmOverloads constructor(
    /** Span name. */
    val name: String,
    /** When the call started. */
    val startedAt: Instant,
    /** When the call ended. */
    val endedAt: Instant,
    /** Provider, e.g. `openai`. */
    val provider: String? = null,
    /** Model asked for. */
    val model: String? = null,
    /** Model that answered, if different. */
    val responseModel: String? = null,
    /** Operation: `chat`, `text_completion`, `embeddings`, … */
    val operation: String = "chat",
    /** Token counts. */
    val usage: TokenUsage = TokenUsage.NONE,
    /** Finish reasons. */
    val finishReasons: List<String> = emptyList(),
    /** Prompt content (kept only when content capture is on). */
    val input: String? = null,
    /** Completion content (kept only when content capture is on). */
    val output: String? = null,
    /** Span attributes (above scope attributes). */
    val attributes: Map<String, Any?> = emptyMap(),
)
