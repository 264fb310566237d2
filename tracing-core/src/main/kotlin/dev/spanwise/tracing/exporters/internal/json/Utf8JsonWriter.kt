package dev.spanwise.tracing.exporters.internal.json

import dev.spanwise.tracing.model.InternalTracingApi

/**
 * A streaming JSON writer that encodes straight to UTF-8 into a reusable [ByteSink]: RFC 8259
 * JSON, control characters, DEL, U+2028 and U+2029 escaped, lone surrogates written as U+FFFD and
 * surrogate pairs as one 4-byte sequence. Never throws for any string content. (The tests check it
 * byte for byte against a simple `StringBuilder` reference writer that exists only in the tests.)
 *
 * Commas are placed automatically; the caller balances begin/end calls. Ids and numbers are
 * written from their `long` values without intermediate strings. Not thread-safe: one writer per
 * encoding at a time ([reset] makes it reusable).
 */
@InternalTracingApi
public class Utf8JsonWriter internal constructor(
    /** The buffer the JSON is written to. */
    public val sink: ByteSink = ByteSink(),
) {
    // Per nesting level: whether the next element at that level needs a comma.
    private var needComma = BooleanArray(16)
    private var depth = 0
    private var afterName = false
    private val base64Long = ByteArray(8)
    private val base64TraceId = ByteArray(16)
    private val base64Out = ByteArray(24)

    /** Empties the sink and the nesting state, keeping the buffer. */
    internal fun reset(): Utf8JsonWriter {
        sink.reset()
        depth = 0
        needComma[0] = false
        afterName = false
        return this
    }

    internal fun beginObject(): Utf8JsonWriter = open('{'.code)

    internal fun endObject(): Utf8JsonWriter = close('}'.code)

    internal fun beginArray(): Utf8JsonWriter = open('['.code)

    internal fun endArray(): Utf8JsonWriter = close(']'.code)

    internal fun name(name: String): Utf8JsonWriter {
        separator()
        Utf8Strings.writeQuoted(sink, name)
        sink.write(':'.code)
        afterName = true
        return this
    }

    /** A member name encoded once, ahead of time. */
    internal fun name(name: JsonName): Utf8JsonWriter {
        separator()
        sink.write(name.bytes)
        afterName = true
        return this
    }

    internal fun value(s: String?): Utf8JsonWriter {
        if (s == null) return nullValue()
        separator()
        Utf8Strings.writeQuoted(sink, s)
        return this
    }

    internal fun value(n: Long): Utf8JsonWriter {
        separator()
        sink.ensure(ByteSink.MAX_LONG_DIGITS)
        sink.writeDecimal(n)
        return this
    }

    internal fun value(b: Boolean): Utf8JsonWriter {
        separator()
        sink.write(if (b) TRUE else FALSE)
        return this
    }

    /** A finite double as a JSON number; NaN and infinities as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`. */
    internal fun value(d: Double): Utf8JsonWriter {
        separator()
        when {
            d.isNaN() -> sink.write(NAN)
            d == Double.POSITIVE_INFINITY -> sink.write(INFINITY)
            d == Double.NEGATIVE_INFINITY -> sink.write(NEGATIVE_INFINITY)
            else -> Utf8Strings.writeAscii(sink, d.toString())
        }
        return this
    }

    /** A long as a decimal string (OTLP JSON int64). */
    internal fun stringValue(n: Long): Utf8JsonWriter {
        separator()
        sink.ensure(ByteSink.MAX_LONG_DIGITS + 2)
        sink.bytes[sink.size++] = QUOTE
        sink.writeDecimal(n)
        sink.bytes[sink.size++] = QUOTE
        return this
    }

    /** [id] as a quoted string of 16 lower-case hex digits. */
    internal fun hexValue(id: Long): Utf8JsonWriter {
        separator()
        sink.ensure(18)
        val b = sink.bytes
        var p = sink.size
        b[p++] = QUOTE
        p = writeHex(b, p, id)
        b[p++] = QUOTE
        sink.size = p
        return this
    }

    /** A 128-bit id as a quoted string of 32 lower-case hex digits. */
    internal fun hexValue(high: Long, low: Long): Utf8JsonWriter {
        separator()
        sink.ensure(34)
        val b = sink.bytes
        var p = sink.size
        b[p++] = QUOTE
        p = writeHex(b, p, high)
        p = writeHex(b, p, low)
        b[p++] = QUOTE
        sink.size = p
        return this
    }

    /** A scope id, `"<32 hex trace id>-<16 hex span id>"`. */
    internal fun scopeIdValue(traceHigh: Long, traceLow: Long, spanId: Long): Utf8JsonWriter {
        separator()
        sink.ensure(51)
        val b = sink.bytes
        var p = sink.size
        b[p++] = QUOTE
        p = writeHex(b, p, traceHigh)
        p = writeHex(b, p, traceLow)
        b[p++] = '-'.code.toByte()
        p = writeHex(b, p, spanId)
        b[p++] = QUOTE
        sink.size = p
        return this
    }

    /** The 8 big-endian bytes of [id], base64 with padding, quoted. */
    internal fun base64Value(id: Long): Utf8JsonWriter = base64(id, 0L, 8)

    /** The 16 big-endian bytes of a 128-bit id, base64 with padding, quoted. */
    internal fun base64Value(high: Long, low: Long): Utf8JsonWriter = base64(high, low, 16)

    private fun base64(first: Long, second: Long, length: Int): Utf8JsonWriter {
        val input = if (length == 16) base64TraceId else base64Long
        for (i in 0 until 8) input[i] = (first ushr (56 - 8 * i)).toByte()
        if (length == 16) for (i in 0 until 8) input[8 + i] = (second ushr (56 - 8 * i)).toByte()
        val n = BASE64.encode(input, base64Out)
        separator()
        sink.ensure(n + 2)
        sink.bytes[sink.size++] = QUOTE
        System.arraycopy(base64Out, 0, sink.bytes, sink.size, n)
        sink.size += n
        sink.bytes[sink.size++] = QUOTE
        return this
    }

    internal fun nullValue(): Utf8JsonWriter {
        separator()
        sink.write(NULL)
        return this
    }

    internal fun field(name: JsonName, value: String?): Utf8JsonWriter = name(name).value(value)

    internal fun field(name: String, value: String?): Utf8JsonWriter = name(name).value(value)

    internal fun field(name: String, value: Long): Utf8JsonWriter = name(name).value(value)

    internal fun field(name: JsonName, value: Long): Utf8JsonWriter = name(name).value(value)

    internal fun field(name: JsonName, value: Boolean): Utf8JsonWriter = name(name).value(value)

    private fun open(c: Int): Utf8JsonWriter {
        separator()
        sink.write(c)
        depth++
        if (depth == needComma.size) needComma = needComma.copyOf(depth * 2)
        needComma[depth] = false
        return this
    }

    private fun close(c: Int): Utf8JsonWriter {
        sink.write(c)
        depth--
        return this
    }

    private fun separator() {
        if (afterName) {
            afterName = false
            return
        }
        if (needComma[depth]) sink.write(','.code) else needComma[depth] = true
    }

    override fun toString(): String = sink.toString()

    internal companion object {
        private const val QUOTE = '"'.code.toByte()
        private val HEX = "0123456789abcdef".encodeToByteArray()
        private val TRUE = "true".encodeToByteArray()
        private val FALSE = "false".encodeToByteArray()
        private val NULL = "null".encodeToByteArray()
        private val NAN = "\"NaN\"".encodeToByteArray()
        private val INFINITY = "\"Infinity\"".encodeToByteArray()
        private val NEGATIVE_INFINITY = "\"-Infinity\"".encodeToByteArray()
        private val BASE64 = java.util.Base64.getEncoder()

        /** Writes the 16 lower-case hex digits of [value] at [offset]; returns the offset after them. */
        fun writeHex(b: ByteArray, offset: Int, value: Long): Int {
            for (i in 0 until 16) b[offset + i] = HEX[((value ushr (60 - 4 * i)) and 0xF).toInt()]
            return offset + 16
        }
    }
}
