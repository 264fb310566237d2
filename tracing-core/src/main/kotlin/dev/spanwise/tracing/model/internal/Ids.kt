package dev.spanwise.tracing.model.internal

import java.util.concurrent.ThreadLocalRandom

/** Id generation and hex rendering. Ids stay as longs until something needs text. */
internal object Ids {
    private val HEX = "0123456789abcdef".toCharArray()

    fun newSpanId(): Long {
        val random = ThreadLocalRandom.current()
        var id: Long
        do id = random.nextLong() while (id == 0L)
        return id
    }

    /** A random long for either half of a trace id; the pair is never all zero because [newSpanId] is non-zero. */
    fun newTraceIdPart(): Long = ThreadLocalRandom.current().nextLong()

    fun spanIdHex(id: Long): String {
        val chars = CharArray(16)
        writeHex(chars, 0, id)
        return String(chars)
    }

    fun traceIdHex(high: Long, low: Long): String {
        val chars = CharArray(32)
        writeHex(chars, 0, high)
        writeHex(chars, 16, low)
        return String(chars)
    }

    /** `<32 hex trace id>-<16 hex span id>`: the scope id format. */
    fun scopeId(high: Long, low: Long, spanId: Long): String {
        val chars = CharArray(SCOPE_ID_LENGTH)
        writeHex(chars, 0, high)
        writeHex(chars, 16, low)
        chars[32] = '-'
        writeHex(chars, 33, spanId)
        return String(chars)
    }

    fun writeHex(chars: CharArray, offset: Int, value: Long) {
        for (i in 0 until 16) chars[offset + i] = HEX[((value ushr (60 - 4 * i)) and 0xF).toInt()]
    }

    /** Parses 16 lower-case hex chars at [offset]; returns `null` on any other char. */
    fun parseHex16(s: CharSequence, offset: Int): Long? {
        var r = 0L
        for (i in offset until offset + 16) {
            val c = s[i]
            val d = when (c) {
                in '0'..'9' -> c - '0'
                in 'a'..'f' -> c - 'a' + 10
                else -> return null
            }
            r = (r shl 4) or d.toLong()
        }
        return r
    }

    const val SCOPE_ID_LENGTH: Int = 49
}
