package dev.spanwise.tracing.scope

import org.slf4j.LoggerFactory
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong

/**
 * The thread-local current scope, for blocking and Java code. The Java facade's scopes set it, and
 * so does every coroutine that carries a [ScopeElement] (every `traced { }` block) while it runs on a
 * thread; the coroutine context stays the source of truth in coroutines.
 *
 * Each thread keeps a small stack, reused for the life of the thread, of two kinds of entries:
 * - **attached** scopes ([attach]/[detach]): scopes opened on this thread that end on it, such as
 *   the Java facade's `ScopeHandle`. An attached scope stops being current as soon as it is detached
 *   *or ended*, whichever thread ends it.
 * - **entered** values ([enter]/[restore]): a scope (or `null`, "no scope") made current for a
 *   bounded piece of work — a task on a pool, a coroutine's time on a thread — and undone in a
 *   `finally`. An entered scope stays current until it is restored, even if it has ended, so late
 *   work still lands in its trace.
 *
 * ### The current scope heals itself
 * [get] returns the innermost entry that is still in force: the latest entered value, or the latest
 * attached scope that is neither detached nor ended. So after any sequence of closes — in order, out
 * of order, twice, or on another thread — a thread never keeps an ended attached scope as its
 * current scope, and the next scope started on it cannot become a child of one.
 * [restore] undoes the latest [enter] even when it is called out of order; a [restore] that matches
 * no [enter] is counted ([unmatchedRestores]) and logged once at WARN, never thrown.
 *
 * ### Cost
 * Nothing is allocated per scope once a thread's stack has grown to its deepest nesting.
 */
public object CurrentThreadScope {
    private val stacks = ThreadLocal<ThreadScopeStack?>()
    private val unmatched = AtomicLong()
    private val warned = AtomicBoolean()
    private val log = LoggerFactory.getLogger(CurrentThreadScope::class.java)

    /** The current scope of this thread, or `null`. */
    @JvmStatic
    public fun get(): TraceScope? = stacks.get()?.current()

    /**
     * Makes [scope] current on this thread (`null`: no scope) until [restore], and returns the scope
     * that was current before; pass it to [restore] in a `finally`.
     */
    @JvmStatic
    public fun enter(scope: TraceScope?): TraceScope? = stack().enter(scope)

    /**
     * Undoes the latest [enter] on this thread; [previous] is the value that [enter] returned.
     * Scopes attached since that [enter] and still attached are dropped from this thread too.
     * Called out of order, it undoes every [enter] down to the one that returned [previous]; a call
     * that matches no [enter] of this thread is counted in [unmatchedRestores] and otherwise ignored.
     */
    @JvmStatic
    public fun restore(previous: TraceScope?) {
        val stack = stacks.get()
        if (stack == null || !stack.restore(previous)) unmatchedRestore(previous)
    }

    /**
     * Makes [scope] current on this thread until it is detached with [detach] on this thread or
     * ended on any thread. Scopes attached later stack on top of it.
     *
     * @return a position token to pass to [detach]
     */
    @JvmStatic
    public fun attach(scope: TraceScope): Int = stack().attach(scope)

    /**
     * Removes [scope], attached on this thread with [attach] (which returned [token]), from this
     * thread's stack; the current scope becomes the innermost entry still in force. Idempotent; a
     * scope that is not attached on this thread is ignored.
     *
     * @return `null` when the scope was the innermost one still open (closed in order); otherwise the
     *   innermost scope attached after it on this thread that is still open — it stays current
     */
    @JvmStatic
    public fun detach(scope: TraceScope, token: Int): TraceScope? = stacks.get()?.detach(scope, token)

    /** How many times [restore] was called with no matching [enter] on its thread, process-wide. */
    @JvmStatic
    public fun unmatchedRestores(): Long = unmatched.get()

    private fun stack(): ThreadScopeStack {
        var stack = stacks.get()
        if (stack == null) {
            stack = ThreadScopeStack()
            stacks.set(stack)
        }
        return stack
    }

    private fun unmatchedRestore(previous: TraceScope?) {
        unmatched.incrementAndGet()
        if (warned.compareAndSet(false, true)) {
            log.warn(
                "Spanwise: CurrentThreadScope.restore({}) on thread '{}' matches no enter() on that thread; ignored. " +
                    "Pass restore() the value enter() returned, on the same thread, in a finally block. " +
                    "Further cases are counted in CurrentThreadScope.unmatchedRestores() and not logged.",
                previous?.let(::describe),
                Thread.currentThread().name,
            )
        }
    }

    /** The scope's name, or its id when it has none (sampled out). */
    internal fun describe(scope: TraceScope): String = scope.name.ifEmpty { scope.id }
}
