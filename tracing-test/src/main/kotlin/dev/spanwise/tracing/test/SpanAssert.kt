package dev.spanwise.tracing.test

import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.SpanLevel
import dev.spanwise.tracing.model.SpanStatus
import kotlin.math.abs

/**
 * Fluent assertions on one captured span, worded like the model: *span `answer` is an LLM call
 * under `support-agent` with 120 input tokens and cost $0.0003*.
 *
 * ```java
 * capture.assertThat("answer").isLlmCall().isUnder("support-agent").hasInputTokens(120).hasCost(0.0003);
 * ```
 *
 * Every method returns this assertion, so checks chain; a failed check throws an [AssertionError]
 * that names the span and says what it found instead.
 */
public class SpanAssert internal constructor(
    private val capture: TraceCapture,
    /** The span under test. */
    @get:JvmName("span")
    public val span: SpanData,
) {
    private fun fail(expected: String, found: Any?): Nothing = throw AssertionError("span '${span.name}': expected $expected, but $found")

    /** The span is of [kind]. */
    public fun isKind(kind: ScopeKind): SpanAssert = apply {
        if (span.kind != kind) fail("kind $kind", "it is ${span.kind}")
    }

    /** The span is an LLM call (kind `LLM`). */
    public fun isLlmCall(): SpanAssert = isKind(ScopeKind.LLM)

    /** The span is an agent (kind `AGENT`). */
    public fun isAgent(): SpanAssert = isKind(ScopeKind.AGENT)

    /** The span is a tool call (kind `TOOL`). */
    public fun isTool(): SpanAssert = isKind(ScopeKind.TOOL)

    /** The span is a retrieval (kind `RETRIEVAL`). */
    public fun isRetrieval(): SpanAssert = isKind(ScopeKind.RETRIEVAL)

    /** The span's parent is the span named [parentName]. */
    public fun isUnder(parentName: String): SpanAssert = apply {
        val parent = capture.parentOf(span)
        if (parent?.name != parentName) fail("to be under '$parentName'", if (parent == null) "it is a root" else "its parent is '${parent.name}'")
    }

    /** Some ancestor of the span is named [ancestorName]. */
    public fun isInside(ancestorName: String): SpanAssert = apply {
        var node = capture.parentOf(span)
        val path = ArrayList<String>()
        while (node != null && node.name != ancestorName) {
            path += node.name
            node = capture.parentOf(node)
        }
        if (node == null) fail("to be inside '$ancestorName'", "its ancestors are $path")
    }

    /** The span has no parent in this process. */
    public fun isRoot(): SpanAssert = apply {
        capture.parentOf(span)?.let { fail("to be a root", "its parent is '${it.name}'") }
    }

    /** The span's direct children are exactly the spans named [names], in any order. */
    public fun hasChildren(vararg names: String): SpanAssert = apply {
        val found = capture.childrenOf(span).map { it.name }.sorted()
        if (found != names.sorted()) fail("children ${names.sorted()}", "they are $found")
    }

    /** The span ended with [status]. */
    public fun hasStatus(status: SpanStatus): SpanAssert = apply {
        if (span.status != status) fail("status $status", "it is ${span.status}" + (span.error?.let { " (${it.type}: ${it.message})" } ?: ""))
    }

    /** The span ended OK. */
    public fun isOk(): SpanAssert = hasStatus(SpanStatus.OK)

    /** The span failed with an exception of exactly [type] (recorded by its class name). */
    public fun failedWith(type: Class<out Throwable>): SpanAssert = apply {
        hasStatus(SpanStatus.ERROR)
        val error = span.error ?: fail("an error of type ${type.name}", "none was recorded")
        if (error.type != type.name && error.type != type.simpleName) fail("an error of type ${type.name}", "it is ${error.type}")
    }

    /** The span has attribute [key] equal to [expected]; numbers compare by value (`1` matches `1L`). */
    public fun hasAttribute(key: String, expected: Any?): SpanAssert = apply {
        val actual = span.attributes[key]
        if (!AttributeValues.same(expected, actual)) {
            fail("attribute $key = ${AttributeValues.show(expected)}", if (actual == null) "it is absent" else "it is ${AttributeValues.show(actual)}")
        }
    }

    /** The span has no attribute [key]. */
    public fun hasNoAttribute(key: String): SpanAssert = apply {
        span.attributes[key]?.let { fail("no attribute $key", "it is ${AttributeValues.show(it)}") }
    }

    /** The span has an event named [name]. */
    public fun hasEvent(name: String): SpanAssert = apply {
        if (span.events.none { it.name == name }) fail("an event '$name'", "its events are ${span.events.map { it.name }}")
    }

    /** The LLM call asked for [model] (the request model). */
    public fun hasModel(model: String): SpanAssert = apply {
        val actual = llm().requestModel
        if (actual != model) fail("model '$model'", "it is '$actual'")
    }

    /** The LLM call was answered by [model] (the response model). */
    public fun hasResponseModel(model: String): SpanAssert = apply {
        val actual = llm().responseModel
        if (actual != model) fail("response model '$model'", "it is '$actual'")
    }

    /** The LLM call used [tokens] input tokens (cached included). */
    public fun hasInputTokens(tokens: Long): SpanAssert = tokens("input", llm().usage.inputTokens, tokens)

    /** The LLM call produced [tokens] output tokens (reasoning included). */
    public fun hasOutputTokens(tokens: Long): SpanAssert = tokens("output", llm().usage.outputTokens, tokens)

    /** The LLM call read [tokens] input tokens from the provider's cache. */
    public fun hasCacheReadTokens(tokens: Long): SpanAssert = tokens("cache-read", llm().usage.cacheReadTokens, tokens)

    /** The LLM call spent [tokens] of its output tokens on reasoning. */
    public fun hasReasoningTokens(tokens: Long): SpanAssert = tokens("reasoning", llm().usage.reasoningTokens, tokens)

    private fun tokens(what: String, actual: Long, expected: Long): SpanAssert = apply {
        if (actual != expected) fail("$expected $what tokens", "it has $actual")
    }

    /** The LLM call cost [usd] US dollars (to within a millionth of a cent). */
    public fun hasCost(usd: Double): SpanAssert = apply {
        val actual = llm().costUsd ?: fail("cost $$usd", "it has no cost (is the model priced?)")
        if (abs(actual - usd) > COST_TOLERANCE) fail("cost $$usd", "it is $$actual")
    }

    /** The LLM call has no cost (its model is not priced, or it reported no usage). */
    public fun hasNoCost(): SpanAssert = apply {
        llm().costUsd?.let { fail("no cost", "it is $$it") }
    }

    /** The LLM call wrote [tokens] input tokens to the provider's cache. */
    public fun hasCacheWriteTokens(tokens: Long): SpanAssert = tokens("cache-write", llm().usage.cacheWriteTokens, tokens)

    /** The LLM call stopped for exactly [reasons], in order. */
    public fun hasFinishReasons(vararg reasons: String): SpanAssert = apply {
        val actual = llm().finishReasons
        if (actual != reasons.toList()) fail("finish reasons ${reasons.toList()}", "they are $actual")
    }

    /** The LLM call's response id is [id]. */
    public fun hasResponseId(id: String): SpanAssert = apply {
        val actual = llm().responseId
        if (actual != id) fail("response id '$id'", "it is '$actual'")
    }

    /** The LLM call's response asked for the tool call [id] of tool [name]. */
    public fun askedForTool(id: String, name: String): SpanAssert = apply {
        val calls = llm().toolCalls
        if (calls.none { it.id == id && it.name == name }) fail("a tool call $name($id)", "it asked for ${calls.map { "${it.name}(${it.id})" }}")
    }

    /** The span executes the tool call [id] and links to the captured LLM span named [llmName] that asked for it. */
    public fun executesToolCallOf(id: String, llmName: String): SpanAssert = apply {
        if (span.toolCallId != id) fail("to execute tool call '$id'", "its call id is '${span.toolCallId}'")
        val asking = capture.spans(llmName).filter { s -> s.llm?.toolCalls?.any { it.id == id } == true }
        if (span.links.none { link -> asking.any { it.spanId == link.spanId && it.traceIdLow == link.traceIdLow } }) {
            fail("a link to LLM span '$llmName'", "its links are ${span.links}")
        }
    }

    /** The span's trace belongs to session [id]. */
    public fun hasSession(id: String): SpanAssert = apply {
        val actual = span.identity?.sessionId
        if (actual != id) fail("session '$id'", "it is '$actual'")
    }

    /** The span's trace served user [id]. */
    public fun hasUser(id: String): SpanAssert = apply {
        val actual = span.identity?.userId
        if (actual != id) fail("user '$id'", "it is '$actual'")
    }

    /** The span's trace carries every tag in [tags] (and maybe others). */
    public fun hasTags(vararg tags: String): SpanAssert = apply {
        val actual = span.identity?.tags.orEmpty()
        if (!actual.containsAll(tags.toList())) fail("tags ${tags.toList()}", "they are $actual")
    }

    /** The span's trace has metadata [key] equal to [expected]; numbers compare by value. */
    public fun hasMetadata(key: String, expected: Any?): SpanAssert = apply {
        val actual = span.identity?.metadata?.get(key)
        if (!AttributeValues.same(expected, actual)) fail("metadata $key = ${AttributeValues.show(expected)}", "it is ${actual?.let(AttributeValues::show)}")
    }

    /** The span's captured input is [text] (content capture must be on). */
    public fun hasInput(text: String): SpanAssert = apply {
        val actual = span.input ?: span.llm?.input
        if (actual != text) fail("input '$text'", if (actual == null) "none was captured (is captureContent on?)" else "it is '$actual'")
    }

    /** The span's captured output is [text] (content capture must be on). */
    public fun hasOutput(text: String): SpanAssert = apply {
        val actual = span.output ?: span.llm?.output
        if (actual != text) fail("output '$text'", if (actual == null) "none was captured (is captureContent on?)" else "it is '$actual'")
    }

    /** The span was marked WARNING with [message]. */
    public fun hasWarning(message: String): SpanAssert = apply {
        if (span.level != SpanLevel.WARNING || span.levelMessage != message) fail("a warning '$message'", "its level is ${span.level} ('${span.levelMessage}')")
    }

    private fun llm() = span.llm ?: fail("an LLM call", "it is a ${span.kind} span without LLM data")

    override fun toString(): String = "SpanAssert(${span.name})"

    private companion object {
        const val COST_TOLERANCE = 1e-8
    }
}
