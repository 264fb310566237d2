package dev.spanwise.tracing.scope

import dev.spanwise.tracing.model.TracingDsl
import kotlinx.coroutines.CoroutineScope

/**
 * What every DSL block can do to its own span.
 *
 * Every block is also a [CoroutineScope], the way `coroutineScope { }` gives its block one:
 * `launch` and `async` inside a block start children of the block's span — whatever outer
 * `CoroutineScope` is visible — and the block, with its span, completes only after them. A failing
 * child fails the block (its span ends ERROR) and cancels its siblings (their spans end CANCELLED).
 */
@TracingDsl
public interface SpanDsl : CoroutineScope {
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
 * `step`) and child coroutines (`launch`, `async`) that belong to its span.
 */
@TracingDsl
public interface TraceScopeDsl : SpanDsl

/** The receiver of `llm { … }` and `embedding { … }` blocks. */
@TracingDsl
public interface LlmScopeDsl :
    SpanDsl,
    LlmRecorder

/**
 * What an LLM or embedding call records besides timing: token usage, the model that answered,
 * finish reasons and (when capture is on) content. Implemented by the `llm { }` block's receiver and
 * by an explicit [LlmScope].
 */
public interface LlmRecorder {
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
