package dev.spanwise.tracing.exporters.internal.json

/**
 * The reference the byte writer is checked against: a small, obviously correct JSON writer into a
 * [StringBuilder] (the encoders' original one). [Utf8JsonWriter]'s output must equal this writer's
 * text encoded as UTF-8. Output is RFC 8259 JSON: control characters, U+2028/U+2029 are escaped
 * and lone surrogates become U+FFFD. Commas are placed automatically.
 */
internal class JsonWriter(val out: StringBuilder = StringBuilder(256)) {
    // One bit per nesting level: whether the next element at that level needs a comma.
    private var needComma = BooleanArray(16)
    private var depth = 0
    private var afterName = false

    fun beginObject(): JsonWriter = open('{')

    fun endObject(): JsonWriter = close('}')

    fun beginArray(): JsonWriter = open('[')

    fun endArray(): JsonWriter = close(']')

    fun name(name: String): JsonWriter {
        separator()
        string(name)
        out.append(':')
        afterName = true
        return this
    }

    fun value(s: String?): JsonWriter {
        if (s == null) return nullValue()
        separator()
        string(s)
        return this
    }

    fun value(n: Long): JsonWriter {
        separator()
        out.append(n)
        return this
    }

    fun value(b: Boolean): JsonWriter {
        separator()
        out.append(b)
        return this
    }

    /** A finite double as a JSON number; NaN and infinities as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`. */
    fun value(d: Double): JsonWriter {
        separator()
        when {
            d.isNaN() -> out.append("\"NaN\"")
            d == Double.POSITIVE_INFINITY -> out.append("\"Infinity\"")
            d == Double.NEGATIVE_INFINITY -> out.append("\"-Infinity\"")
            else -> out.append(d)
        }
        return this
    }

    /** A long as a decimal string (OTLP JSON int64). */
    fun stringValue(n: Long): JsonWriter {
        separator()
        out.append('"').append(n).append('"')
        return this
    }

    fun nullValue(): JsonWriter {
        separator()
        out.append("null")
        return this
    }

    /** Writes already-encoded JSON text as one value. */
    fun rawValue(json: CharSequence): JsonWriter {
        separator()
        out.append(json)
        return this
    }

    fun field(name: String, value: String?): JsonWriter = name(name).value(value)

    fun field(name: String, value: Long): JsonWriter = name(name).value(value)

    fun field(name: String, value: Boolean): JsonWriter = name(name).value(value)

    private fun open(c: Char): JsonWriter {
        separator()
        out.append(c)
        depth++
        if (depth == needComma.size) needComma = needComma.copyOf(depth * 2)
        needComma[depth] = false
        return this
    }

    private fun close(c: Char): JsonWriter {
        out.append(c)
        depth--
        return this
    }

    private fun separator() {
        if (afterName) {
            afterName = false
            return
        }
        if (needComma[depth]) out.append(',') else needComma[depth] = true
    }

    private fun string(s: String) {
        out.append('"')
        escapeInto(out, s)
        out.append('"')
    }

    override fun toString(): String = out.toString()

    companion object {
        private val HEX = "0123456789abcdef".toCharArray()

        /** Appends [s] escaped for a JSON string (without quotes). */
        fun escapeInto(out: StringBuilder, s: String) {
            var i = 0
            var run = 0 // start of the pending run of characters that need no escaping
            val n = s.length
            while (i < n) {
                val c = s[i]
                val plain = if (c.code < 0xD800) {
                    c.code >= 0x20 && c != '"' && c != '\\' && c.code != 0x7f && c != '\u2028' && c != '\u2029'
                } else {
                    c.code >= 0xE000 // not a surrogate
                }
                if (plain) {
                    i++
                    continue
                }
                out.append(s, run, i)
                when {
                    c == '"' -> out.append("\\\"")
                    c == '\\' -> out.append("\\\\")
                    c == '\n' -> out.append("\\n")
                    c == '\r' -> out.append("\\r")
                    c == '\t' -> out.append("\\t")
                    c.code < 0x20 || c == '\u2028' || c == '\u2029' || c.code == 0x7f -> unicode(out, c)
                    Character.isHighSurrogate(c) -> {
                        if (i + 1 < n && Character.isLowSurrogate(s[i + 1])) {
                            out.append(c).append(s[i + 1])
                            i++
                        } else {
                            out.append('\uFFFD')
                        }
                    }
                    Character.isLowSurrogate(c) -> out.append('\uFFFD')
                    else -> out.append(c)
                }
                i++
                run = i
            }
            out.append(s, run, n)
        }

        private fun unicode(out: StringBuilder, c: Char) {
            val code = c.code
            out.append("\\u").append(HEX[code shr 12 and 0xF]).append(HEX[code shr 8 and 0xF])
                .append(HEX[code shr 4 and 0xF]).append(HEX[code and 0xF])
        }

        /** [s] as a quoted JSON string. */
        fun quote(s: String): String = StringBuilder(s.length + 2).append('"').also { escapeInto(it, s) }.append('"').toString()
    }
}
