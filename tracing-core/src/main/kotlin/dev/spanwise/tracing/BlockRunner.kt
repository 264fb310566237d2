package dev.spanwise.tracing

import dev.spanwise.tracing.internal.engine.DslReceiver
import dev.spanwise.tracing.internal.engine.NonRecordingScope
import dev.spanwise.tracing.internal.engine.RecordingSpan
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
import kotlin.coroutines.CoroutineContext

/*
 * The inline DSL functions are compiled into the caller's code, so what they call takes only public
 * types: no `internal.*` type appears in a caller's bytecode (the module path exports none of them).
 */

/**
 * The engine of the ambient `Tracing`: the current scope's, else the coroutine context's, else
 * [Tracing.global]'s; `null` (record nothing) when none is configured or it is disabled.
 */
internal fun ambientEngine(context: CoroutineContext): TracingEngine? {
    val scope = context[ScopeElement]?.scope
    if (scope is RecordingSpan) return scope.engine
    context[Tracing]?.let { return it.engine }
    if (Tracing.isGlobalSet) return Tracing.global.engine
    // A scope that is not recording (sampled out, disabled) still means someone configured tracing.
    if (scope == null) UnconfiguredTracing.scopeNotRecorded()
    return null
}

/** Starts the span of a `traced` block: on [tracing], or on the ambient `Tracing` when it is `null`. */
@PublishedApi
internal fun startTraced(
    tracing: Tracing?,
    name: String,
    kind: ScopeKind?,
    correlationId: String?,
    parentScopeId: String?,
    attributes: Map<String, Any?>,
    context: CoroutineContext,
): TraceScope {
    val engine = if (tracing != null) tracing.engine else ambientEngine(context)
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
 * Runs [block] as a coroutine scope whose context holds [span] (which is also the thread's current
 * scope while the block runs, see `ScopeElement`) and ends [span] with the block's outcome (see
 * `ScopeEnding`). The block's result or exception always wins over any failure in Spanwise.
 */
private suspend fun <T> runBlock(span: TraceScope, block: suspend DslReceiver.() -> T): T = SpanBlockCoroutine.run(span, block)
