package dev.spanwise.tracing.scope

import kotlinx.coroutines.currentCoroutineContext
import kotlin.coroutines.CoroutineContext

/**
 * Carries the current [TraceScope] in the coroutine context, across `launch`, `async`,
 * `withContext` and dispatcher hops. `traced { }` installs one for each scope it starts; integrations
 * (such as the Ktor server plugin) install one holding a remote parent.
 */
public class ScopeElement(
    /** The current scope. */
    public val scope: TraceScope,
) : CoroutineContext.Element {
    // The key is a constant, not a field: one element per scope stays at 16 bytes.
    override val key: CoroutineContext.Key<*> get() = Key

    override fun toString(): String = "ScopeElement(${scope.name}, ${scope.id})"

    /** The context key. */
    public companion object Key : CoroutineContext.Key<ScopeElement>
}

/** The current scope of the calling coroutine, or `null` outside any scope. */
public suspend fun currentScope(): TraceScope? = currentCoroutineContext()[ScopeElement]?.scope
