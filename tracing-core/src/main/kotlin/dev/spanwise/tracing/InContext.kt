package dev.spanwise.tracing

import dev.spanwise.tracing.internal.engine.NonRecordingScope
import dev.spanwise.tracing.model.Attributes
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.scope.CompletedLlmCall
import dev.spanwise.tracing.scope.CurrentThreadScope
import dev.spanwise.tracing.scope.LlmScope
import dev.spanwise.tracing.scope.RequestAttributes
import dev.spanwise.tracing.scope.ScopeElement
import dev.spanwise.tracing.scope.TraceScope
import dev.spanwise.tracing.scope.currentScope
import kotlinx.coroutines.currentCoroutineContext
import kotlin.coroutines.CoroutineContext

// Explicit scopes from coroutine code. Tracing.begin/beginLlmCall/recordSpan are plain functions and
// cannot see the coroutine context (they use the thread's current scope); these suspend forms can.

/**
 * Starts an explicit scope from coroutine code: a child of the coroutine's current scope
 * ([currentScope]), else of the thread's current scope, else a new root. It carries the coroutine's
 * [RequestAttributes]. End it with [TraceScope.end]; nothing is put in any context.
 *
 * Inside a `traced { }` block, `tracing.begin(…)` would start a new root — use this instead.
 *
 * @param kind defaults to [ScopeKind.AGENT] for a local root and [ScopeKind.CHAIN] for a child.
 */
public suspend fun Tracing.beginInContext(
    name: String,
    kind: ScopeKind? = null,
    correlationId: String? = null,
    attributes: Map<String, Any?> = emptyMap(),
): TraceScope = startTraced(this, name, kind, correlationId, null, attributes, currentCoroutineContext())

/**
 * Starts an explicit LLM call (an embedding call when [operation] is `embeddings`) from coroutine
 * code: a child of the coroutine's current scope, else of the thread's, else a root, carrying the
 * coroutine's [RequestAttributes]. Record usage on it and [TraceScope.end] it.
 */
public suspend fun Tracing.beginLlmCallInContext(
    name: String,
    provider: String? = null,
    model: String? = null,
    operation: String = "chat",
): LlmScope {
    val engine = engine ?: return NonRecordingScope.DISABLED
    val context = currentCoroutineContext()
    return engine.startLlmCall(parentIn(context), null, name, provider, model, operation, requestAttributesIn(context))
}

/**
 * Records an LLM call timed by the caller as a child of the coroutine's current scope (else of the
 * thread's, else as a root), carrying the coroutine's [RequestAttributes].
 */
public suspend fun Tracing.recordSpanInContext(span: CompletedLlmCall) {
    val engine = engine ?: return
    val context = currentCoroutineContext()
    engine.recordLlmSpan(parentIn(context), span, null, requestAttributesIn(context))
}

private fun parentIn(context: CoroutineContext): TraceScope? = context[ScopeElement]?.scope ?: CurrentThreadScope.get()

private fun requestAttributesIn(context: CoroutineContext): Attributes = context[RequestAttributes]?.attributes ?: Attributes.EMPTY
