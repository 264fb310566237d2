package dev.spanwise.tracing.model

import java.util.function.BiConsumer

/**
 * An immutable, ordered set of attributes. Keys are unique; values are `String`, `Long`, `Double`,
 * `Boolean` or a `List` of those — anything else was converted to a string when it was recorded.
 *
 * Stored as two flat arrays, so reading is cheap and iteration allocates nothing.
 */
public class Attributes internal constructor(
    private val keys: Array<String?>,
    private val values: Array<Any?>,
    /** The number of attributes. */
    public val size: Int,
) {
    /** Whether there are no attributes. */
    public val isEmpty: Boolean get() = size == 0

    /** The key at [index] (0 until [size]). */
    public fun keyAt(index: Int): String = keys[checkIndex(index)]!!

    /** The value at [index] (0 until [size]). */
    public fun valueAt(index: Int): Any = values[checkIndex(index)]!!

    /** The value of [key], or `null`. */
    public operator fun get(key: String): Any? {
        for (i in 0 until size) if (keys[i] == key) return values[i]
        return null
    }

    /** Calls [action] for every attribute in order (Kotlin; Java uses the `BiConsumer` overload). */
    @JvmSynthetic
    public inline fun forEach(action: (key: String, value: Any) -> Unit) {
        for (i in 0 until size) action(keyAt(i), valueAt(i))
    }

    /** Calls [action] for every attribute in order. */
    public fun forEach(action: BiConsumer<String, Any>) {
        for (i in 0 until size) action.accept(keyAt(i), valueAt(i))
    }

    /** A copy as an insertion-ordered map. */
    public fun toMap(): Map<String, Any> {
        val map = LinkedHashMap<String, Any>(size * 2)
        for (i in 0 until size) map[keys[i]!!] = values[i]!!
        return map
    }

    private fun checkIndex(index: Int): Int {
        if (index < 0 || index >= size) throw IndexOutOfBoundsException("index $index, size $size")
        return index
    }

    override fun equals(other: Any?): Boolean = other is Attributes && toMap() == other.toMap()

    override fun hashCode(): Int = toMap().hashCode()

    override fun toString(): String = toMap().toString()

    /** Factories. */
    public companion object {
        /** No attributes. */
        @JvmField
        public val EMPTY: Attributes = Attributes(emptyArray(), emptyArray(), 0)

        /** Attributes from [pairs], normalised and limited with the default [AttributeLimits] (Kotlin; Java uses the `Map` overload). */
        @JvmSynthetic
        public fun of(vararg pairs: Pair<String, Any?>): Attributes {
            val builder = dev.spanwise.tracing.model.AttributesBuilder(AttributeLimits.DEFAULT)
            for ((k, v) in pairs) builder.put(k, v)
            return builder.build()
        }

        /** Attributes from [attributes] in their iteration order, normalised and limited with the default [AttributeLimits]. */
        @JvmStatic
        public fun of(attributes: Map<String, Any?>): Attributes {
            val builder = dev.spanwise.tracing.model.AttributesBuilder(AttributeLimits.DEFAULT)
            for ((k, v) in attributes) builder.put(k, v)
            return builder.build()
        }
    }
}
