package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.scope.ScopeElement
import kotlinx.coroutines.Job
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.CoroutineContext

/**
 * The caller's coroutine context seen through a DSL block: the caller's `Job` hidden (the block's
 * own coroutine takes its place), the caller's scope element replaced by the block's [element], and
 * — for the copy a coroutine keeps to the left of its interceptor — the interceptor hidden too.
 *
 * It wraps rather than rebuilds the caller's context, so starting a block allocates this one object
 * instead of a chain of `CombinedContext`s (which `minusKey(Job) + element` would copy).
 */
internal class BlockContext(
    private val outer: CoroutineContext,
    /** The block's scope element; `null` keeps the caller's (disabled tracing adds none). */
    private val element: ScopeElement?,
    private val hidesInterceptor: Boolean,
) : CoroutineContext {
    private fun hides(key: CoroutineContext.Key<*>): Boolean =
        key === Job || (element != null && key === ScopeElement) || (hidesInterceptor && key === ContinuationInterceptor)

    @Suppress("UNCHECKED_CAST")
    override fun <E : CoroutineContext.Element> get(key: CoroutineContext.Key<E>): E? = when {
        element != null && key === ScopeElement -> element as E
        hides(key) -> null
        else -> outer[key]
    }

    override fun <R> fold(initial: R, operation: (R, CoroutineContext.Element) -> R): R {
        val acc = outer.fold(initial) { acc, e -> if (hides(e.key)) acc else operation(acc, e) }
        return if (element != null) operation(acc, element) else acc
    }

    override fun minusKey(key: CoroutineContext.Key<*>): CoroutineContext = when {
        hides(key) && key !== ScopeElement -> this
        key === ContinuationInterceptor -> BlockContext(outer, element, hidesInterceptor = true)
        key === ScopeElement -> BlockContext(outer.minusKey(ScopeElement), null, hidesInterceptor)
        outer[key] == null -> this
        else -> BlockContext(outer.minusKey(key), element, hidesInterceptor)
    }

    override fun toString(): String = "[" + fold("") { acc, e -> if (acc.isEmpty()) e.toString() else "$acc, $e" } + "]"
}
