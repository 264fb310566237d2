package dev.spanwise.tracing.internal.json

/**
 * A growable byte buffer that writers fill directly: [bytes] holds [size] valid bytes. Callers
 * reserve room with [ensure] and then write into [bytes] themselves, so the hot paths do one
 * capacity check per string or number instead of one per byte.
 */
internal class ByteSink(initialCapacity: Int = 8192) {
    @JvmField
    var bytes: ByteArray = ByteArray(initialCapacity.coerceAtLeast(16))

    @JvmField
    var size: Int = 0

    val capacity: Int get() = bytes.size

    /** Makes room for at least [extra] more bytes after [size]. */
    fun ensure(extra: Int) {
        val needed = size + extra
        if (needed > bytes.size) grow(needed)
    }

    private fun grow(needed: Int) {
        if (needed < 0) throw OutOfMemoryError("JSON buffer over 2 GiB")
        val doubled = bytes.size.toLong() * 2
        val newSize = if (doubled >= needed) doubled.coerceAtMost(MAX_ARRAY.toLong()).toInt() else needed
        bytes = bytes.copyOf(maxOf(newSize, needed))
    }

    fun write(b: Int) {
        ensure(1)
        bytes[size++] = b.toByte()
    }

    fun write(src: ByteArray) {
        ensure(src.size)
        System.arraycopy(src, 0, bytes, size, src.size)
        size += src.size
    }

    /** Forgets the content and keeps the array. */
    fun reset() {
        size = 0
    }

    fun toByteArray(): ByteArray = bytes.copyOf(size)

    override fun toString(): String = String(bytes, 0, size, Charsets.UTF_8)

    private companion object {
        const val MAX_ARRAY = Int.MAX_VALUE - 8
    }
}
