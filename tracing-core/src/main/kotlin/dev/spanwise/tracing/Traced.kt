package dev.spanwise.tracing

import dev.spanwise.tracing.internal.engine.DslReceiver
import dev.spanwise.tracing.internal.engine.NonRecordingScope
import dev.spanwise.tracing.internal.engine.RecordingSpan
import dev.spanwise.tracing.internal.engine.ScopeEnding
import dev.spanwise.tracing.internal.engine.SpanBlockCoroutine
import dev.spanwise.tracing.internal.engine.TracingEngine
import dev.spanwise.tracing.internal.engine.UnconfiguredTracing
import dev.spanwise.tracing.model.Attributes
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.scope.CurrentThreadScope
import dev.spanwise.tracing.scope.LlmScopeDsl
import dev.spanwise.tracing.scope.RequestAttributes
import dev.spanwise.tracing.scope.ScopeElement
import dev.spanwise.tracing.scope.TraceScope
import dev.spanwise.tracing.scope.TraceScopeDsl
import dev.spanwise.tracing.scope.asContextElement
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Job
import kotlinx.coroutines.cancelChildren
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.withContext
import kotlin.coroutines.CoroutineContext

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
    val span = startTraced(engine, name, kind, correlationId, parentScopeId, attributes, currentCoroutineContext())
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
    val context = currentCoroutineContext()
    val span = startTraced(ambientEngine(context), name, kind, correlationId, parentScopeId, attributes, context)
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

/**
 * The engine of the ambient `Tracing`: the current scope's, else the coroutine context's, else
 * [Tracing.global]'s; `null` (record nothing) when none is configured or it is disabled.
 */
@PublishedApi
internal fun ambientEngine(context: CoroutineContext): TracingEngine? {
    val scope = context[ScopeElement]?.scope
    if (scope is RecordingSpan) return scope.engine
    context[Tracing]?.let { return it.engine }
    if (Tracing.isGlobalSet) return Tracing.global.engine
    // A scope that is not recording (sampled out, disabled) still means someone configured tracing.
    if (scope == null) UnconfiguredTracing.scopeNotRecorded()
    return null
}

@PublishedApi
internal fun startTraced(
    engine: TracingEngine?,
    name: String,
    kind: ScopeKind?,
    correlationId: String?,
    parentScopeId: String?,
    attributes: Map<String, Any?>,
    context: CoroutineContext,
): TraceScope {
    if (engine == null) return NonRecordingScope.DISABLED
    val parent = if (parentScopeId != null) null else context[ScopeElement]?.scope ?: CurrentThreadScope.get()
    val localRoot = parent == null || (parent is NonRecordingScope && parent.isRemote)
    val resolvedKind = kind ?: if (localRoot) ScopeKind.AGENT else ScopeKind.CHAIN
    val request = context[RequestAttributes]?.attributes ?: Attributes.EMPTY
    return engine.startSpan(name, resolvedKind, parent, parentScopeId, correlationId, attributes, request)
}

@PublishedApi
internal fun startStep(parent: TraceScope, name: String, kind: ScopeKind, attributes: Map<String, Any?>): TraceScope {
    if (parent !is RecordingSpan) return NonRecordingScope.DISABLED
    return parent.engine.startSpan(name, kind, parent, null, null, attributes, parent.requestAttributes)
}

@PublishedApi
internal fun startModelCall(
    parent: TraceScope,
    name: String,
    kind: ScopeKind,
    provider: String?,
    model: String?,
    operation: String,
    attributes: Map<String, Any?>,
): TraceScope {
    if (parent !is RecordingSpan) return NonRecordingScope.DISABLED
    return parent.engine.startModelCall(name, kind, parent, null, provider, model, operation, attributes, parent.requestAttributes)
}

/** Runs a `traced`/`step`/`tool`/`retrieval` block for [span]: see [runBlock]. */
@PublishedApi
internal suspend fun <T> runTraceBlock(span: TraceScope, block: suspend TraceScopeDsl.() -> T): T = runBlock(span, block)

/** Runs an `llm`/`embedding` block for [span]: see [runBlock]. */
@PublishedApi
internal suspend fun <T> runLlmBlock(span: TraceScope, block: suspend LlmScopeDsl.() -> T): T = runBlock(span, block)

/**
 * Runs [block] as a coroutine scope whose context holds [span] and ends [span] with the block's
 * outcome (see [ScopeEnding]). The block's result or exception always wins over any failure in
 * Spanwise.
 */
private suspend fun <T> runBlock(span: TraceScope, block: suspend DslReceiver.() -> T): T {
    if (span is RecordingSpan && span.engine.threadLocalBridge) return runWithBridge(span, block)
    return SpanBlockCoroutine.run(span, block)
}

/**
 * The scope as a context element and as the thread's current scope: a `ThreadContextElement` needs
 * `withContext`, whose block is a coroutine scope too.
 */
private suspend fun <T> runWithBridge(span: RecordingSpan, block: suspend DslReceiver.() -> T): T {
    // The block's exception is carried out of withContext as a value, so that coroutine stack-trace
    // recovery (debug mode) cannot replace it with a copy: the caller gets the very same instance.
    val outcome: Any? = try {
        withContext(ScopeElement(span) + span.asContextElement()) {
            try {
                BridgedReceiver(span, coroutineContext).block()
            } catch (e: Throwable) {
                // As in coroutineScope: the block's failure cancels its children before it completes.
                coroutineContext[Job]?.cancelChildren(CancellationException("the block of scope '${span.name}' failed", e))
                BlockFailure(e)
            }
        }
    } catch (e: Throwable) {
        ScopeEnding.end(span, e)
        throw e
    }
    if (outcome is BlockFailure) {
        ScopeEnding.end(span, outcome.error)
        throw outcome.error
    }
    ScopeEnding.end(span, null)
    @Suppress("UNCHECKED_CAST")
    return outcome as T
}

private class BridgedReceiver(override val scope: TraceScope, override val coroutineContext: CoroutineContext) : DslReceiver

private class BlockFailure(val error: Throwable)
