package dev.spanwise.benchmarks

import kotlin.coroutines.Continuation
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import kotlin.coroutines.intrinsics.startCoroutineUninterceptedOrReturn

/**
 * Runs a suspending block on the calling thread without a dispatcher, event loop or `runBlocking`,
 * so a benchmark measures the library and not the harness. The block must complete without
 * suspending (span code that never waits does); if it suspends, this throws.
 */
public object Direct {
    /** Runs [block] in an empty coroutine context. */
    @JvmStatic
    public fun <T> run(block: suspend () -> T): T = run(EmptyCoroutineContext, block)

    /** Runs [block] with [context] as the coroutine context (for example a request's `Job`). */
    @JvmStatic
    public fun <T> run(context: CoroutineContext, block: suspend () -> T): T {
        val completion = if (context === EmptyCoroutineContext) EmptyCompletion else Completion(context)
        val result = block.startCoroutineUninterceptedOrReturn(completion)
        check(result !== COROUTINE_SUSPENDED) { "benchmark block suspended; it must complete synchronously" }
        @Suppress("UNCHECKED_CAST")
        return result as T
    }

    private open class Completion(override val context: CoroutineContext) : Continuation<Any?> {
        override fun resumeWith(result: Result<Any?>) {
            error("a synchronous benchmark block resumed later: $result")
        }
    }

    private object EmptyCompletion : Completion(EmptyCoroutineContext)
}
