package dev.spanwise.tracing

/** What every DSL block can do to its own span. */
@TracingDsl
public interface SpanDsl {
    /** The span this block records into. */
    public val scope: TraceScope

    /** Sets an attribute on this span. */
    public fun attribute(key: String, value: Any?)

    /** Sets a numeric attribute (token counts, sizes); boxed only when the span is recorded. */
    public fun attribute(key: String, value: Long)

    /** Sets a numeric attribute; boxed only when the span is recorded. */
    public fun attribute(key: String, value: Int)

    /** Sets a floating-point attribute (scores, temperatures); boxed only when the span is recorded. */
    public fun attribute(key: String, value: Double)

    /** Adds a timestamped event with [attributes] to this span. */
    public fun event(name: String, attributes: Map<String, Any?>)

    /** Adds a timestamped event to this span. */
    public fun event(name: String)
}

/**
 * The receiver of `traced { … }`, `step { … }`, `tool { … }` and `retrieval { … }` blocks: besides
 * its own attributes and events, it starts child spans (`llm`, `tool`, `retrieval`, `embedding`,
 * `step`).
 */
@TracingDsl
public interface TraceScopeDsl : SpanDsl

/** The receiver of `llm { … }` and `embedding { … }` blocks. */
@TracingDsl
public interface LlmSpanDsl : SpanDsl {
    /**
     * Records token counts (OpenTelemetry GenAI meaning: [inputTokens] includes cached tokens,
     * [outputTokens] includes reasoning tokens). Calling it again adds to the previous counts.
     */
    public fun usage(
        inputTokens: Long = 0,
        outputTokens: Long = 0,
        cacheReadTokens: Long = 0,
        cacheWriteTokens: Long = 0,
        reasoningTokens: Long = 0,
    )

    /** Records the model that actually answered. */
    public fun responseModel(model: String)

    /** Records why the model stopped (one per choice). */
    public fun finishReasons(vararg reasons: String)

    /** Captures the prompt — only when content capture is on; masked and bounded first. */
    public fun input(content: String)

    /** Captures the completion — only when content capture is on; masked and bounded first. */
    public fun output(content: String)
}
