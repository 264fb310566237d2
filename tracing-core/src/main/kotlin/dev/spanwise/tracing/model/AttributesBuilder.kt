package dev.spanwise.tracing.model

import dev.spanwise.tracing.model.internal.ValueRenderer

/**
 * A growable attribute store that applies [limits] as values arrive. Later values replace earlier
 * ones with the same key. Not thread-safe: callers synchronise.
 */
internal class AttributesBuilder(private val limits: AttributeLimits, initialCapacity: Int = 8) {
    private var keys = arrayOfNulls<String>(initialCapacity)
    private var values = arrayOfNulls<Any>(initialCapacity)
    var size = 0
        private set

    /** Attributes dropped because of the count limit. */
    var dropped = 0
        private set

    /** Keys or values that were shortened. */
    var truncated = 0
        private set

    fun put(key: String?, value: Any?) {
        if (key.isNullOrEmpty() || value == null) return
        val k = truncateKey(key)
        val v = normalize(value)
        for (i in 0 until size) {
            if (keys[i] == k) {
                values[i] = v
                return
            }
        }
        if (size >= limits.maxAttributes) {
            dropped++
            return
        }
        if (size == keys.size) grow()
        keys[size] = k
        values[size] = v
        size++
    }

    fun putAll(attributes: Attributes) {
        for (i in 0 until attributes.size) put(attributes.keyAt(i), attributes.valueAt(i))
    }

    fun putAll(map: Map<String, Any?>) {
        for ((k, v) in map) put(k, v)
    }

    /** Adds [other]'s attributes (already normalised) in order. */
    fun putAll(other: AttributesBuilder) {
        for (i in 0 until other.size) put(other.keys[i], other.values[i])
    }

    fun build(): Attributes = if (size == 0) Attributes.EMPTY else Attributes(keys.copyOf(size), values.copyOf(size), size)

    /** Like [build] without copying: the result shares this builder's arrays, so the builder must not be written again. */
    fun buildShared(): Attributes = if (size == 0) Attributes.EMPTY else Attributes(keys, values, size)

    private fun grow() {
        val n = (keys.size * 2).coerceAtLeast(4)
        keys = keys.copyOf(n)
        values = values.copyOf(n)
    }

    private fun truncateKey(key: String): String {
        if (key.length <= limits.maxKeyLength) return key
        truncated++
        return truncateChars(key, limits.maxKeyLength)
    }

    private fun normalize(value: Any): Any = when (value) {
        is String -> truncateValue(value)
        is Boolean, is Long, is Double -> value
        is Int -> value.toLong()
        is Short -> value.toLong()
        is Byte -> value.toLong()
        is Float -> value.toDouble()
        is Char -> value.toString()
        is Enum<*> -> value.name
        is Collection<*> -> normalizeList(value)
        is Array<*> -> normalizeList(value.asList())
        is LongArray -> value.toList()
        is IntArray -> value.map { it.toLong() }
        is DoubleArray -> value.toList()
        is BooleanArray -> value.toList()
        is ByteArray -> "<${value.size} bytes>"
        else -> truncateValue(ValueRenderer.render(value, limits.maxDepth, limits.maxValueLength + 1))
    }

    private fun normalizeList(list: Collection<*>): Any {
        val nonNull = list.filterNotNull()
        val first = nonNull.firstOrNull() ?: return emptyList<String>()
        val homogeneous = when (first) {
            is String, is CharSequence -> nonNull.all { it is CharSequence }
            is Boolean -> nonNull.all { it is Boolean }
            is Long, is Int, is Short, is Byte -> nonNull.all { it is Long || it is Int || it is Short || it is Byte }
            is Double, is Float -> nonNull.all { it is Double || it is Float }
            else -> false
        }
        if (!homogeneous) return truncateValue(ValueRenderer.render(list, limits.maxDepth, limits.maxValueLength + 1))
        val count = minOf(nonNull.size, limits.maxAttributes)
        return when (first) {
            is CharSequence -> List(count) { truncateValue(nonNull[it].toString()) }
            is Boolean -> List(count) { nonNull[it] as Boolean }
            is Double, is Float -> List(count) { (nonNull[it] as Number).toDouble() }
            else -> List(count) { (nonNull[it] as Number).toLong() }
        }
    }

    private fun truncateValue(value: String): String {
        if (value.length <= limits.maxValueLength) return value
        truncated++
        return truncateChars(value, limits.maxValueLength)
    }
}

/** Cuts [s] to at most [max] chars without splitting a surrogate pair. */
internal fun truncateChars(s: String, max: Int): String {
    if (s.length <= max) return s
    var end = max
    if (end > 0 && Character.isHighSurrogate(s[end - 1]) && Character.isLowSurrogate(s[end])) end--
    return s.substring(0, end)
}

/** Cuts [s] to at most [maxBytes] UTF-8 bytes without splitting a code point. Returns [s] when it fits. */
internal fun truncateUtf8(s: String, maxBytes: Int): String {
    if (s.length * 3 <= maxBytes) return s
    var bytes = 0
    var i = 0
    while (i < s.length) {
        val c = s[i]
        val width: Int
        val chars: Int
        if (c.code < 0x80) {
            width = 1
            chars = 1
        } else if (c.code < 0x800) {
            width = 2
            chars = 1
        } else if (Character.isHighSurrogate(c) && i + 1 < s.length && Character.isLowSurrogate(s[i + 1])) {
            width = 4
            chars = 2
        } else {
            width = 3
            chars = 1
        }
        if (bytes + width > maxBytes) return s.substring(0, i)
        bytes += width
        i += chars
    }
    return s
}
