package dev.spanwise.tracing.scope

import kotlinx.coroutines.ThreadContextElement
import kotlinx.coroutines.currentCoroutineContext
import kotlin.coroutines.CoroutineContext

/**
 * Carries the current [TraceScope] in the coroutine context, across `launch`, `async`,
 * `withContext` and dispatcher hops. `traced { }` installs one for each scope it starts; integrations
 * (such as the Ktor server plugin) install one holding a remote parent.
 *
 * While a coroutine that carries it runs on a thread, its scope is also that thread's
 * [CurrentThreadScope] (restored when the coroutine suspends), so blocking and Java code called from
 * the coroutine — an LLM client's synchronous call, a JDBC driver — nests under it.
 */
public class ScopeElement(
    /** The current scope. */
    public val scope: TraceScope,
) : ThreadContextElement<TraceScope?> {
    // The key is a constant, not a field: one element per scope stays at 16 bytes.
    override val key: CoroutineContext.Key<*> get() = Key

    /** Makes [scope] the thread's current scope while the coroutine runs; returns the previous one. */
    override fun updateThreadContext(context: CoroutineContext): TraceScope? = CurrentThreadScope.enter(scope)

    /** Undoes [updateThreadContext] when the coroutine suspends or completes. */
    override fun restoreThreadContext(context: CoroutineContext, oldState: TraceScope?) {
        CurrentThreadScope.restore(oldState)
    }

    override fun toString(): String = "ScopeElement(${scope.name}, ${scope.id})"

    /** The context key. */
    public companion object Key : CoroutineContext.Key<ScopeElement>
}

/** The current scope of the calling coroutine, or `null` outside any scope. */
public suspend fun currentScope(): TraceScope? = currentCoroutineContext()[ScopeElement]?.scope
