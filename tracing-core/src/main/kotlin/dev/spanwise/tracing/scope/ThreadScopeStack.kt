package dev.spanwise.tracing.scope

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
