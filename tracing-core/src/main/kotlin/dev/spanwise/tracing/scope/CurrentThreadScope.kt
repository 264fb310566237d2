package dev.spanwise.tracing.scope

import kotlinx.coroutines.ThreadContextElement
import org.slf4j.LoggerFactory
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong
import kotlin.coroutines.CoroutineContext

/**
 * The thread-local current scope, for blocking and Java code. The Java facade's scopes set it;
 * Kotlin code sets it only through [asContextElement] (or `threadLocalBridge = true`), because the
 * coroutine context — not a thread-local — is the source of truth in coroutines.
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

/**
 * One thread's stack of current-scope entries. Confined to its thread; grows to the deepest nesting
 * seen and is reused. Slots above [size] are cleared so ended scopes are not kept alive.
 */
internal class ThreadScopeStack {
    private var scopes = arrayOfNulls<TraceScope>(INITIAL)

    /** For entered slots: what [enter] returned, matched by [restore]. */
    private var previous = arrayOfNulls<TraceScope>(INITIAL)
    private var kinds = ByteArray(INITIAL)
    private var size = 0

    fun current(): TraceScope? {
        pruneTop()
        var i = size - 1
        while (i >= 0) {
            when (kinds[i]) {
                ENTERED -> return scopes[i]
                ATTACHED -> {
                    val scope = scopes[i]!!
                    if (!scope.isEnded) return scope
                }
            }
            i--
        }
        return null
    }

    fun enter(scope: TraceScope?): TraceScope? {
        val before = current()
        push(scope, ENTERED, before)
        return before
    }

    /** Pops down to and including the latest entered slot that returned [before]; `false` if none did. */
    fun restore(before: TraceScope?): Boolean {
        var i = size - 1
        while (i >= 0 && !(kinds[i] == ENTERED && previous[i] === before)) i--
        if (i < 0) {
            // No enter() returned this value: undo the latest enter() anyway, but report the call.
            var top = size - 1
            while (top >= 0 && kinds[top] != ENTERED) top--
            if (top >= 0) popTo(top)
            pruneTop()
            return false
        }
        popTo(i)
        pruneTop()
        return true
    }

    fun attach(scope: TraceScope): Int {
        pruneTop()
        push(scope, ATTACHED, null)
        return size - 1
    }

    fun detach(scope: TraceScope, token: Int): TraceScope? {
        val i = if (token in 0 until size && kinds[token] == ATTACHED && scopes[token] === scope) token else find(scope)
        if (i < 0) return null
        var stillOpen: TraceScope? = null
        var k = size - 1
        while (k > i) {
            if (kinds[k] == ATTACHED && !scopes[k]!!.isEnded) {
                stillOpen = scopes[k]
                break
            }
            k--
        }
        kinds[i] = DETACHED
        scopes[i] = null
        pruneTop()
        return stillOpen
    }

    private fun find(scope: TraceScope): Int {
        var i = size - 1
        while (i >= 0 && !(kinds[i] == ATTACHED && scopes[i] === scope)) i--
        return i
    }

    private fun push(scope: TraceScope?, kind: Byte, before: TraceScope?) {
        if (size == scopes.size) {
            val n = size * 2
            scopes = scopes.copyOf(n)
            previous = previous.copyOf(n)
            kinds = kinds.copyOf(n)
        }
        scopes[size] = scope
        previous[size] = before
        kinds[size] = kind
        size++
    }

    /** Drops the attached slots on top that are detached or whose scope has ended. */
    private fun pruneTop() {
        while (size > 0) {
            val top = size - 1
            val kind = kinds[top]
            if (kind == ENTERED || (kind == ATTACHED && !scopes[top]!!.isEnded)) return
            clear(top)
            size = top
        }
    }

    private fun popTo(index: Int) {
        for (i in index until size) clear(i)
        size = index
    }

    private fun clear(i: Int) {
        scopes[i] = null
        previous[i] = null
    }

    private companion object {
        const val INITIAL = 8
        const val ENTERED: Byte = 0
        const val ATTACHED: Byte = 1
        const val DETACHED: Byte = 2
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
