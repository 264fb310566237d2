package dev.spanwise.tracing.scope

import dev.spanwise.tracing.model.AgentArtifact
import dev.spanwise.tracing.model.ChatMessage
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

    /** Puts the whole local trace in the conversation [id]; see [TraceScope.session]. */
    public fun session(id: String): Unit = scope.session(id)

    /** Records the end user of the whole local trace; see [TraceScope.user]. */
    public fun user(id: String): Unit = scope.user(id)

    /** Adds labels to the whole local trace; see [TraceScope.tags]. */
    public fun tags(vararg tags: String): Unit = scope.tags(*tags)

    /** Adds a string, number or boolean fact about the whole local trace; see [TraceScope.metadata]. */
    public fun metadata(key: String, value: Any?): Unit = scope.metadata(key, value)

    /** Captures this span's input — only when content capture is on; masked and bounded first. */
    public fun input(content: String): Unit = scope.input(content)

    /** Captures this span's output — only when content capture is on; masked and bounded first. */
    public fun output(content: String): Unit = scope.output(content)

    /** Marks this span WARNING without failing it; see [TraceScope.warning]. */
    public fun warning(message: String): Unit = scope.warning(message)

    /** Records a checkpoint, file operation, terminal command or git link on this span; see [TraceScope.artifact]. */
    public fun artifact(artifact: AgentArtifact): Unit = scope.artifact(artifact)

    /** See [TraceScope.toolCallId]. */
    public fun toolCallId(id: String): Unit = scope.toolCallId(id)
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
 * finish reasons, request parameters, the response id and the prompt it was rendered from. Input and
 * output (any span has them) are in [SpanDsl] and [TraceScope]. Implemented by the `llm { }` block's
 * receiver and by an explicit [LlmScope].
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

    /**
     * Records the parameters the call was made with; only the values given (non-null) are recorded,
     * and they replace earlier ones. Out-of-range numbers (negative counts, NaN) are ignored.
     */
    public fun request(
        temperature: Double? = null,
        topP: Double? = null,
        topK: Long? = null,
        maxTokens: Long? = null,
        seed: Long? = null,
        stopSequences: List<String>? = null,
        frequencyPenalty: Double? = null,
        presencePenalty: Double? = null,
        stream: Boolean? = null,
        choiceCount: Long? = null,
    )

    /** Records the provider's id of the answer, e.g. `chatcmpl-123`. */
    public fun responseId(id: String)

    /**
     * Records the managed prompt the call was rendered from. [variables] are content: kept only when
     * content capture is on, each value rendered as text, masked and bounded.
     */
    public fun prompt(name: String, version: String? = null, variables: Map<String, Any?> = emptyMap())

    /**
     * Records a tool call the model's response asked for: the provider's call [id], the tool's [name]
     * and its [arguments] (content: kept only when capture is on, masked and bounded). The TOOL span
     * that executes it links back here when it is given the same id (`toolCallId`).
     */
    public fun toolCall(id: String, name: String, arguments: String?)

    /**
     * Records the messages the call was made with, structured (exported as `gen_ai.input.messages`).
     * Content: kept only when capture is on, each text masked and bounded; a later call replaces them.
     */
    public fun inputMessages(messages: List<ChatMessage>)

    /** Records the messages the model answered with, structured (`gen_ai.output.messages`); as [inputMessages]. */
    public fun outputMessages(messages: List<ChatMessage>)

    /** Records system instructions given apart from the messages (`gen_ai.system_instructions`); content. */
    public fun systemInstructions(text: String)
}
