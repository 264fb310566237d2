package dev.spanwise.tracing.scope

import kotlinx.coroutines.ThreadContextElement
import kotlin.coroutines.CoroutineContext

/**
 * A coroutine context element that makes this scope the thread-local current scope
 * ([CurrentThreadScope]) on whatever thread the coroutine runs, and restores the previous value
 * when it suspends — so blocking or Java code called from the coroutine sees the right scope.
 */
public fun TraceScope.asContextElement(): CoroutineContext.Element = ThreadScopeElement(this)

private class ThreadScopeElement(private val scope: TraceScope) : ThreadContextElement<TraceScope?> {
    companion object Key : CoroutineContext.Key<ThreadScopeElement>

    override val key: CoroutineContext.Key<*> get() = Key

    override fun updateThreadContext(context: CoroutineContext): TraceScope? = CurrentThreadScope.enter(scope)

    override fun restoreThreadContext(context: CoroutineContext, oldState: TraceScope?) {
        CurrentThreadScope.restore(oldState)
    }
}
