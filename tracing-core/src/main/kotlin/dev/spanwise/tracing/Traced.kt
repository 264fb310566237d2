package dev.spanwise.tracing

import dev.spanwise.tracing.internal.NonRecordingScope
import dev.spanwise.tracing.internal.RecordingSpan
import dev.spanwise.tracing.internal.ScopedRun
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.withContext
import kotlin.coroutines.CoroutineContext

/**
 * Runs [block] in a new scope — a child of the current scope of the coroutine when there is one —
 * and ends it when the block completes. The scope travels in the coroutine context, so children
 * started in `launch`, `async` or `withContext` inside the block get the right parent.
 *
 * ### Errors and cancellation
 * An exception thrown by [block] is recorded on the scope (status ERROR, type, message, stack trace)
 * and rethrown as the same instance. If the coroutine itself is cancelled, the scope ends CANCELLED
 * and the `CancellationException` propagates; a `TimeoutCancellationException` escaping from an inner
 * `withTimeout` while this coroutine is still active is a failure of the block and recorded as ERROR.
 * A failure inside Spanwise never replaces the block's result or exception.
 *
 * @param kind defaults to [ScopeKind.AGENT] for a root and [ScopeKind.CHAIN] for a child.
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
    if (!isEnabled) return disabledScopeDsl.block()
    val span = startTraced(this, name, kind, correlationId, parentScopeId, attributes, currentCoroutineContext())
    return runInScope(span) { span.block() }
}

/**
 * Like [Tracing.traced], using the ambient `Tracing`: the one of the current scope, else the one in
 * the coroutine context, else [Tracing.global] (disabled until set).
 */
public suspend inline fun <T> traced(
    name: String,
    kind: ScopeKind? = null,
    correlationId: String? = null,
    parentScopeId: String? = null,
    attributes: Map<String, Any?> = emptyMap(),
    crossinline block: suspend TraceScopeDsl.() -> T,
): T = ambientTracing(currentCoroutineContext()).traced(name, kind, correlationId, parentScopeId, attributes, block)

/** A generic child step of the current scope ([ScopeKind.CHAIN] unless [kind] says otherwise). */
public suspend inline fun <T> TraceScopeDsl.step(
    name: String,
    kind: ScopeKind = ScopeKind.CHAIN,
    attributes: Map<String, Any?> = emptyMap(),
    crossinline block: suspend TraceScopeDsl.() -> T,
): T {
    val span = startStep(scope, name, kind, attributes) ?: return disabledScopeDsl.block()
    return runInScope(span) { span.block() }
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
 * An LLM call: a child span of kind [ScopeKind.LLM]. Inside, record [LlmSpanDsl.usage],
 * [LlmSpanDsl.responseModel], finish reasons and (when capture is on) content. Cost comes from the
 * configured pricing when the span ends.
 */
public suspend inline fun <T> TraceScopeDsl.llm(
    name: String,
    provider: String? = null,
    model: String? = null,
    operation: String = "chat",
    attributes: Map<String, Any?> = emptyMap(),
    crossinline block: suspend LlmSpanDsl.() -> T,
): T {
    val span = startModelCall(scope, name, ScopeKind.LLM, provider, model, operation, attributes)
        ?: return disabledLlmDsl.block()
    return runInScope(span) { span.block() }
}

/** An embedding call: a child span of kind [ScopeKind.EMBEDDING] with operation `embeddings`. */
public suspend inline fun <T> TraceScopeDsl.embedding(
    name: String,
    provider: String? = null,
    model: String? = null,
    attributes: Map<String, Any?> = emptyMap(),
    crossinline block: suspend LlmSpanDsl.() -> T,
): T {
    val span = startModelCall(scope, name, ScopeKind.EMBEDDING, provider, model, "embeddings", attributes)
        ?: return disabledLlmDsl.block()
    return runInScope(span) { span.block() }
}

@PublishedApi
internal val disabledScopeDsl: TraceScopeDsl = NonRecordingScope.DISABLED

@PublishedApi
internal val disabledLlmDsl: LlmSpanDsl = NonRecordingScope.DISABLED

@PublishedApi
internal fun ambientTracing(context: CoroutineContext): Tracing {
    val scope = context[ScopeElement]?.scope
    if (scope is RecordingSpan) scope.engine.owner?.let { return it }
    return context[Tracing] ?: Tracing.global
}

@PublishedApi
internal fun startTraced(
    tracing: Tracing,
    name: String,
    kind: ScopeKind?,
    correlationId: String?,
    parentScopeId: String?,
    attributes: Map<String, Any?>,
    context: CoroutineContext,
): TraceScopeDsl {
    val engine = tracing.engine ?: return NonRecordingScope.DISABLED
    val parent = if (parentScopeId != null) null else context[ScopeElement]?.scope ?: CurrentThreadScope.get()
    val resolvedKind = kind ?: if (parent == null && parentScopeId == null) ScopeKind.AGENT else ScopeKind.CHAIN
    val request = context[RequestAttributes]?.attributes ?: Attributes.EMPTY
    return engine.startSpan(name, resolvedKind, parent, parentScopeId, correlationId, attributes, request) as TraceScopeDsl
}

@PublishedApi
internal fun startStep(parent: TraceScope, name: String, kind: ScopeKind, attributes: Map<String, Any?>): TraceScopeDsl? {
    if (parent !is RecordingSpan) return null
    return parent.engine.startSpan(name, kind, parent, null, null, attributes, parent.requestAttributes) as TraceScopeDsl
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
): LlmSpanDsl? {
    if (parent !is RecordingSpan) return null
    return parent.engine.startModelCall(name, kind, parent, null, provider, model, operation, attributes, parent.requestAttributes) as? RecordingSpan
}

/**
 * Runs [block] with the DSL receiver's scope as the current scope and ends it with the right
 * status. The block's result or exception always wins over any failure in Spanwise.
 */
@PublishedApi
internal suspend fun <T> runInScope(dsl: SpanDsl, block: suspend () -> T): T {
    val span = dsl.scope
    if (span is RecordingSpan && span.engine.threadLocalBridge) return runWithBridge(span, block)
    return ScopedRun.run(span, block)
}

/** The scope as a context element and as the thread's current scope (a `ThreadContextElement` needs `withContext`). */
private suspend fun <T> runWithBridge(span: RecordingSpan, block: suspend () -> T): T {
    // The block's exception is carried out of withContext as a value, so that coroutine stack-trace
    // recovery (debug mode) cannot replace it with a copy: the caller gets the very same instance.
    val outcome: Any? = try {
        withContext(ScopeElement(span) + span.asContextElement()) {
            try {
                block()
            } catch (e: Throwable) {
                BlockFailure(e)
            }
        }
    } catch (e: Throwable) {
        endQuietly(span, e)
        throw e
    }
    if (outcome is BlockFailure) {
        endQuietly(span, outcome.error)
        throw outcome.error
    }
    endQuietly(span, null)
    @Suppress("UNCHECKED_CAST")
    return outcome as T
}

private class BlockFailure(val error: Throwable)

private suspend fun endQuietly(span: TraceScope, error: Throwable?) = ScopedRun.endQuietly(span, error, currentCoroutineContext())
