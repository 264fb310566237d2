package dev.spanwise.tracing.scope

import dev.spanwise.tracing.model.Attributes
import java.util.concurrent.ConcurrentHashMap

/**
 * Process-wide attributes added to every span of every `Tracing` in this JVM — deployment id,
 * build number, feature flags that are the same for all requests.
 *
 * This is global by design: it is one map for the whole process, not per request or per coroutine.
 * For per-request values use [RequestAttributes] (or the Ktor server plugin); for per-scope values,
 * scope attributes. Reads are a volatile load of an immutable snapshot, so span creation pays nothing.
 */
public object GlobalAttributes {
    private val values = ConcurrentHashMap<String, Any>()

    @Volatile
    internal var snapshot: Attributes = Attributes.EMPTY
        private set

    /** Sets [key] to [value] for every span ended from now on; a `null` value removes the key. */
    @JvmStatic
    public fun set(key: String, value: Any?) {
        if (key.isEmpty()) return
        if (value == null) values.remove(key) else values[key] = value
        refresh()
    }

    /** Removes [key]. */
    @JvmStatic
    public fun remove(key: String) {
        values.remove(key)
        refresh()
    }

    /** Removes every key. */
    @JvmStatic
    public fun clear() {
        values.clear()
        refresh()
    }

    /** A copy of the current values. */
    @JvmStatic
    public fun getAll(): Map<String, Any> = snapshot.toMap()

    @Synchronized
    private fun refresh() {
        snapshot = Attributes.of(*values.entries.sortedBy { it.key }.map { it.key to it.value }.toTypedArray())
    }
}
