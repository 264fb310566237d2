package dev.spanwise.tracing.exporters.internal.json

import dev.spanwise.tracing.model.InternalTracingApi

/**
 * A growable byte buffer that writers fill directly: [bytes] holds [size] valid bytes. Callers
 * reserve room with [ensure] and then write into [bytes] themselves, so the hot paths do one
 * capacity check per string or number instead of one per byte. Public only for the benchmarks.
 */
@InternalTracingApi
public class ByteSink(initialCapacity: Int = 8192) {
    /** The buffer; its first [size] bytes are the content. */
    @JvmField
    public var bytes: ByteArray = ByteArray(initialCapacity.coerceAtLeast(16))

    /** How many bytes of [bytes] are written. */
    @JvmField
    public var size: Int = 0

    internal val capacity: Int get() = bytes.size

    /** Makes room for at least [extra] more bytes after [size]. */
    internal fun ensure(extra: Int) {
        val needed = size + extra
        if (needed > bytes.size) grow(needed)
    }

    private fun grow(needed: Int) {
        if (needed < 0) throw OutOfMemoryError("JSON buffer over 2 GiB")
        val doubled = bytes.size.toLong() * 2
        val newSize = if (doubled >= needed) doubled.coerceAtMost(MAX_ARRAY.toLong()).toInt() else needed
        bytes = bytes.copyOf(maxOf(newSize, needed))
    }

    internal fun write(b: Int) {
        ensure(1)
        bytes[size++] = b.toByte()
    }

    internal fun write(src: ByteArray) {
        ensure(src.size)
        System.arraycopy(src, 0, bytes, size, src.size)
        size += src.size
    }

    /** Forgets the content and keeps the array. */
    internal fun reset() {
        size = 0
    }

    internal fun toByteArray(): ByteArray = bytes.copyOf(size)

    /** Writes [n] in decimal at the end; the caller reserved [MAX_LONG_DIGITS] bytes with [ensure]. */
    internal fun writeDecimal(n: Long) {
        val b = bytes
        var p = size
        if (n == Long.MIN_VALUE) {
            for (c in LONG_MIN) b[p++] = c
            size = p
            return
        }
        var v = n
        if (v < 0) {
            b[p++] = '-'.code.toByte()
            v = -v
        }
        var digits = 1
        var t = v
        while (t >= 10) {
            t /= 10
            digits++
        }
        var i = p + digits - 1
        while (i >= p) {
            b[i--] = ('0'.code + (v % 10).toInt()).toByte()
            v /= 10
        }
        size = p + digits
    }

    override fun toString(): String = String(bytes, 0, size, Charsets.UTF_8)

    internal companion object {
        private const val MAX_ARRAY = Int.MAX_VALUE - 8

        /** The most bytes a decimal `long` takes (`-9223372036854775808`). */
        const val MAX_LONG_DIGITS = 20
        private val LONG_MIN = Long.MIN_VALUE.toString().encodeToByteArray()
    }
}
