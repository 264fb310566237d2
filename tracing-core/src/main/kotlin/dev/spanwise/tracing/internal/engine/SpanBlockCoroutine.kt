package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.scope.CurrentThreadScope
import dev.spanwise.tracing.scope.ScopeElement
import dev.spanwise.tracing.scope.TraceScope
import kotlinx.coroutines.AbstractCoroutine
import kotlinx.coroutines.InternalCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.ensureActive
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater
import kotlin.coroutines.Continuation
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import kotlin.coroutines.intrinsics.intercepted
import kotlin.coroutines.intrinsics.startCoroutineUninterceptedOrReturn
import kotlin.coroutines.intrinsics.suspendCoroutineUninterceptedOrReturn

/**
 * The coroutine of one DSL block: what `coroutineScope { }` is to its block — a child `Job` of the
 * caller that waits for the block's children, is cancelled with its caller, fails when a child
 * fails (cancelling the siblings) and hands that failure to the caller instead of cancelling it — plus
 * the block's span in its context and the span's end when it completes.
 *
 * It is also the block's receiver ([DslReceiver]), so a block costs this object, its context view
 * and its scope element. Joining the caller's `Job` is deferred until the block first suspends or
 * waits for children: a block that completes at once never touches the caller's `Job`.
 *
 * The block's exception reaches the caller as the very same instance (no stack-trace recovery copy).
 */
@OptIn(InternalCoroutinesApi::class)
internal class SpanBlockCoroutine<T> private constructor(
    override val scope: TraceScope,
    private val caller: Continuation<T>,
    element: ScopeElement?,
) : AbstractCoroutine<T>(BlockContext(caller.context, element, hidesInterceptor = false), false, true),
    DslReceiver {
    @Volatile
    private var decision = UNDECIDED
    private var value: Any? = null

    override val isScopedCoroutine: Boolean get() = true

    override fun onCompleted(value: T) {
        this.value = value
        ScopeEnding.end(scope, null)
    }

    override fun onCancelled(cause: Throwable, handled: Boolean) {
        ScopeEnding.end(scope, cause)
    }

    // Completion after the block's own continuation resumed this coroutine (same thread).
    override fun afterResume(state: Any?) = resumeCaller(dispatch = false)

    // Completion when the last child finished (any thread).
    override fun afterCompletion(state: Any?) = resumeCaller(dispatch = true)

    private fun resumeCaller(dispatch: Boolean) {
        if (DECISION.compareAndSet(this, UNDECIDED, RESUMED)) return // run() is still on the stack: it returns the outcome
        val outcome = outcome()
        if (dispatch) return caller.intercepted().resumeWith(outcome)
        // Resumed in place (no dispatch applies the caller's thread context): the caller's scope, not
        // this ended block's, is the thread's current scope while the caller runs on.
        val before = CurrentThreadScope.enter(caller.context[ScopeElement]?.scope)
        try {
            caller.resumeWith(outcome)
        } finally {
            CurrentThreadScope.restore(before)
        }
    }

    @Suppress("UNCHECKED_CAST")
    private fun outcome(): Result<T> {
        val cause = completionCause
        return if (cause != null) Result.failure(cause) else Result.success(value as T)
    }

    /** After the block returned or suspended: the caller's result now, or [COROUTINE_SUSPENDED]. */
    private fun resultOrSuspend(): Any? {
        if (!isCompleted) initParentJob(caller.context[Job])
        if (DECISION.compareAndSet(this, UNDECIDED, SUSPENDED)) return COROUTINE_SUSPENDED
        return outcome().getOrThrow()
    }

    companion object {
        private const val UNDECIDED = 0
        private const val SUSPENDED = 1
        private const val RESUMED = 2

        private val DECISION: AtomicIntegerFieldUpdater<SpanBlockCoroutine<*>> =
            AtomicIntegerFieldUpdater.newUpdater(SpanBlockCoroutine::class.java, "decision")

        /**
         * Runs [block] in a new block coroutine for [span] and returns its result; [span] ends with
         * the block's outcome. A cancelled caller does not start the block (the span ends CANCELLED).
         */
        suspend fun <T> run(span: TraceScope, block: suspend DslReceiver.() -> T): T = suspendCoroutineUninterceptedOrReturn { caller ->
            try {
                caller.context.ensureActive()
            } catch (e: Throwable) {
                ScopeEnding.end(span, e)
                throw e
            }
            val element = if (span === NonRecordingScope.DISABLED) null else ScopeElement(span)
            val coroutine = SpanBlockCoroutine(span, caller, element)
            // Until its first suspension the block runs here, undispatched: its scope is this thread's
            // current scope meanwhile (later, the element's thread context does it on each resumption).
            val before = if (element != null) CurrentThreadScope.enter(span) else null
            val result = try {
                block.startCoroutineUninterceptedOrReturn(coroutine, coroutine)
            } catch (e: Throwable) {
                ThrownAtStart(e)
            } finally {
                if (element != null) CurrentThreadScope.restore(before)
            }
            @Suppress("UNCHECKED_CAST")
            when {
                result is ThrownAtStart -> coroutine.resumeWith(Result.failure(result.error))
                result !== COROUTINE_SUSPENDED -> coroutine.resumeWith(Result.success(result as T))
            }
            coroutine.resultOrSuspend()
        }
    }
}

/** A block that threw before its first suspension (kept apart from a block that returns a `Result`). */
private class ThrownAtStart(val error: Throwable)
