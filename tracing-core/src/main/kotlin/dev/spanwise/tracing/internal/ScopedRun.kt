package dev.spanwise.tracing.internal

import dev.spanwise.tracing.ScopeElement
import dev.spanwise.tracing.SpanStatus
import dev.spanwise.tracing.TraceScope
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Job
import kotlinx.coroutines.ensureActive
import kotlin.coroutines.Continuation
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import kotlin.coroutines.intrinsics.startCoroutineUninterceptedOrReturn
import kotlin.coroutines.intrinsics.suspendCoroutineUninterceptedOrReturn

/**
 * Runs a suspending block with [span] added to the coroutine context and ends the span with the
 * block's outcome — what `withContext(ScopeElement(span)) { … }` does when the dispatcher does not
 * change, without its coroutine object, lambda and state machine per span.
 *
 * The block runs undispatched in the caller's coroutine (same `Job`, same dispatcher), so
 * cancellation, structured concurrency and thread-context elements behave as in the caller. Its
 * completion resumes the caller directly, as `coroutineScope` does; the block's exception reaches
 * the caller as the very same instance.
 */
internal object ScopedRun {
    suspend fun <T> run(span: TraceScope, block: suspend () -> T): T = suspendCoroutineUninterceptedOrReturn { caller ->
        val scoped = ScopedContinuation(span, caller)
        val result = try {
            caller.context.ensureActive() // like withContext: a cancelled caller does not start the block
            block.startCoroutineUninterceptedOrReturn(scoped)
        } catch (e: Throwable) {
            endQuietly(span, e, caller.context)
            throw e
        }
        if (result !== COROUTINE_SUSPENDED) endQuietly(span, null, caller.context)
        result
    }

    /** Ends [span]: OK, CANCELLED when its coroutine was cancelled, else ERROR with [error]. Never throws. */
    fun endQuietly(span: TraceScope, error: Throwable?, context: CoroutineContext) {
        try {
            when {
                error == null -> span.end()
                error is CancellationException && context[Job]?.isActive == false -> span.end(SpanStatus.CANCELLED)
                else -> {
                    span.recordException(error)
                    span.end(SpanStatus.ERROR)
                }
            }
        } catch (t: Throwable) {
            if (t is VirtualMachineError) throw t
        }
    }
}

/**
 * The completion of a block run by [ScopedRun] after it suspended: ends the span, then resumes the
 * caller. It is also the block's coroutine context — the caller's context with a [ScopeElement]
 * on top — so running a block allocates this object and the element, not a chain of
 * `CombinedContext`s (which `caller.context + element` would build, reordering the interceptor).
 */
private class ScopedContinuation<T>(
    private val span: TraceScope,
    private val caller: Continuation<T>,
) : Continuation<T>,
    CoroutineContext {
    private val element = ScopeElement(span)

    // Read from the caller each time rather than kept in a field: one field less per span.
    private val outer: CoroutineContext get() = caller.context

    override val context: CoroutineContext get() = this

    override fun resumeWith(result: Result<T>) {
        ScopedRun.endQuietly(span, result.exceptionOrNull(), outer)
        caller.resumeWith(result)
    }

    @Suppress("UNCHECKED_CAST")
    override fun <E : CoroutineContext.Element> get(key: CoroutineContext.Key<E>): E? = if (key === ScopeElement) element as E else outer[key]

    override fun <R> fold(initial: R, operation: (R, CoroutineContext.Element) -> R): R = operation(
        outer.minusKey(ScopeElement).fold(initial, operation),
        element,
    )

    override fun minusKey(key: CoroutineContext.Key<*>): CoroutineContext {
        if (key === ScopeElement) return outer.minusKey(ScopeElement)
        val rest = outer.minusKey(key)
        return if (rest === outer) this else rest + element
    }

    override fun toString(): String = "[" + fold("") { acc, e -> if (acc.isEmpty()) e.toString() else "$acc, $e" } + "]"
}
