package dev.spanwise.tracing

import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.scope.LlmScopeDsl
import dev.spanwise.tracing.scope.TraceScopeDsl
import kotlinx.coroutines.currentCoroutineContext

/**
 * Runs [block] in a new scope — a child of the current scope of the coroutine when there is one —
 * and ends it when the block completes. The scope travels in the coroutine context, so children
 * started in `withContext` inside the block get the right parent.
 *
 * ### The block is a `CoroutineScope`
 * Like `coroutineScope { }`, the block gets its own `Job`: `launch` and `async` inside it start
 * children of this scope whatever outer `CoroutineScope` is visible, and the block — with its scope —
 * completes only after them. A failing child fails the block and cancels its siblings.
 *
 * ### Errors, cancellation and timeouts
 * An exception thrown by [block] (or by a child) is recorded on the scope (status ERROR, type,
 * message, stack trace) and rethrown as the same instance. A scope ended by cancellation is
 * CANCELLED, except when the cancellation comes from a timeout (`withTimeout` inside or outside the
 * block): that is a failure, ERROR with the `TimeoutCancellationException` as the error. A cancelled
 * caller does not start the block. A failure inside Spanwise never replaces the block's result or
 * exception.
 *
 * @param kind defaults to [ScopeKind.AGENT] for a local root (no parent, or a parent in another
 *   service) and [ScopeKind.CHAIN] for a child.
 * @param parentScopeId a scope id from another service; overrides the context's parent.
 */
public suspend inline fun <T> Tracing.traced(
    name: String,
    kind: ScopeKind? = null,
    correlationId: String? = null,
    parentScopeId: String? = null,
    attributes: Map<String, Any?> = emptyMap(),
    crossinline block: suspend TraceScopeDsl.() -> T,
): T {
    val span = startTraced(this, name, kind, correlationId, parentScopeId, attributes, currentCoroutineContext())
    return runTraceBlock(span) { block() }
}

/**
 * Like [Tracing.traced], using the ambient `Tracing`: the one of the current scope, else the one in
 * the coroutine context, else [Tracing.global]. When none is set the block still runs, but nothing
 * is recorded: Spanwise logs one WARN per process saying how to fix it and counts the scopes in
 * [Tracing.unconfiguredScopeCount].
 */
public suspend inline fun <T> traced(
    name: String,
    kind: ScopeKind? = null,
    correlationId: String? = null,
    parentScopeId: String? = null,
    attributes: Map<String, Any?> = emptyMap(),
    crossinline block: suspend TraceScopeDsl.() -> T,
): T {
    val span = startTraced(null, name, kind, correlationId, parentScopeId, attributes, currentCoroutineContext())
    return runTraceBlock(span) { block() }
}

/** A generic child step of the current scope ([ScopeKind.CHAIN] unless [kind] says otherwise). */
public suspend inline fun <T> TraceScopeDsl.step(
    name: String,
    kind: ScopeKind = ScopeKind.CHAIN,
    attributes: Map<String, Any?> = emptyMap(),
    crossinline block: suspend TraceScopeDsl.() -> T,
): T {
    val span = startStep(scope, name, kind, attributes)
    return runTraceBlock(span) { block() }
}

/** A tool call made by the agent: a child span of kind [ScopeKind.TOOL]. */
public suspend inline fun <T> TraceScopeDsl.tool(
    name: String,
    attributes: Map<String, Any?> = emptyMap(),
    crossinline block: suspend TraceScopeDsl.() -> T,
): T = step(name, ScopeKind.TOOL, attributes, block)

/**
 * A tool call that an LLM response asked for: a TOOL span carrying the call's [callId] (see
 * [TraceScope.toolCallId]) and linked to that LLM span. Record the arguments with `input` and the
 * result with `output` (content rules apply).
 */
public suspend inline fun <T> TraceScopeDsl.tool(
    name: String,
    callId: String,
    attributes: Map<String, Any?> = emptyMap(),
    crossinline block: suspend TraceScopeDsl.() -> T,
): T {
    val span = startStep(scope, name, ScopeKind.TOOL, attributes)
    span.toolCallId(callId)
    return runTraceBlock(span) { block() }
}

/** A retrieval (search, vector lookup): a child span of kind [ScopeKind.RETRIEVAL]. */
public suspend inline fun <T> TraceScopeDsl.retrieval(
    name: String,
    attributes: Map<String, Any?> = emptyMap(),
    crossinline block: suspend TraceScopeDsl.() -> T,
): T = step(name, ScopeKind.RETRIEVAL, attributes, block)

/**
 * An LLM call: a child span of kind [ScopeKind.LLM]. Inside, record [LlmScopeDsl.usage],
 * [LlmScopeDsl.responseModel], finish reasons and (when capture is on) content. Cost comes from the
 * configured pricing when the span ends.
 */
public suspend inline fun <T> TraceScopeDsl.llm(
    name: String,
    provider: String? = null,
    model: String? = null,
    operation: String = "chat",
    attributes: Map<String, Any?> = emptyMap(),
    crossinline block: suspend LlmScopeDsl.() -> T,
): T {
    val span = startModelCall(scope, name, ScopeKind.LLM, provider, model, operation, attributes)
    return runLlmBlock(span) { block() }
}

/** An embedding call: a child span of kind [ScopeKind.EMBEDDING] with operation `embeddings`. */
public suspend inline fun <T> TraceScopeDsl.embedding(
    name: String,
    provider: String? = null,
    model: String? = null,
    attributes: Map<String, Any?> = emptyMap(),
    crossinline block: suspend LlmScopeDsl.() -> T,
): T {
    val span = startModelCall(scope, name, ScopeKind.EMBEDDING, provider, model, "embeddings", attributes)
    return runLlmBlock(span) { block() }
}
