package dev.spanwise.tracing

import kotlinx.coroutines.ThreadContextElement
import kotlin.coroutines.CoroutineContext

/**
 * The thread-local current scope, for blocking and Java code. The Java facade's scopes set it;
 * Kotlin code sets it only through [asContextElement] (or `threadLocalBridge = true`), because the
 * coroutine context — not a thread-local — is the source of truth in coroutines.
 */
public object CurrentThreadScope {
    private val current = ThreadLocal<TraceScope?>()

    /** The current scope of this thread, or `null`. */
    @JvmStatic
    public fun get(): TraceScope? = current.get()

    /** Makes [scope] current on this thread and returns the one it replaced (pass it to [restore]). */
    @JvmStatic
    public fun enter(scope: TraceScope?): TraceScope? {
        val previous = current.get()
        current.set(scope)
        return previous
    }

    /** Restores [previous] (the value [enter] returned). */
    @JvmStatic
    public fun restore(previous: TraceScope?) {
        // set(null) rather than remove(): the thread keeps its map entry, so the next enter() on
        // this thread does not allocate a new one.
        current.set(previous)
    }
}

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
