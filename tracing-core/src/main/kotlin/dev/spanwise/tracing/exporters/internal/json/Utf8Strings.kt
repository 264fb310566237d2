package dev.spanwise.tracing.exporters.internal.json

/**
 * JSON string escaping straight to UTF-8 (RFC 8259, valid UTF-8 for any input): `"` and `\`
 * escaped, `\n` `\r` `\t` short forms, other C0 controls, DEL, U+2028 and U+2029 as `\u00XX`,
 * lone surrogates as U+FFFD, surrogate pairs as one 4-byte sequence.
 */
internal object Utf8Strings {
    private const val QUOTE = '"'.code.toByte()
    private const val BACKSLASH = '\\'.code.toByte()
    private val HEX = "0123456789abcdef".encodeToByteArray()

    /** Per ASCII char: 0 if it is written as is, else the escape letter (`u` for `\u00XX`). */
    private val ESCAPE = ByteArray(128).also { t ->
        for (c in 0 until 0x20) t[c] = 'u'.code.toByte()
        t[0x7f] = 'u'.code.toByte()
        t['"'.code] = '"'.code.toByte()
        t['\\'.code] = '\\'.code.toByte()
        t['\n'.code] = 'n'.code.toByte()
        t['\r'.code] = 'r'.code.toByte()
        t['\t'.code] = 't'.code.toByte()
    }

    /** Plain runs at least this long are copied in bulk. */
    private const val BULK = 16

    /**
     * Writes [s] as a quoted JSON string. Invariant while writing: the room left in the sink is at
     * least one byte per remaining char plus the closing quote, so plain ASCII needs no checks.
     */
    fun writeQuoted(sink: ByteSink, s: String) {
        val n = s.length
        sink.ensure(n + 2)
        sink.bytes[sink.size++] = QUOTE
        var i = 0
        while (i < n) {
            // Find the run of ASCII that needs no escaping (read only), then copy it in one go.
            var k = i
            while (k < n) {
                val c = s[k].code
                if (c >= 0x80 || ESCAPE[c].toInt() != 0) break
                k++
            }
            if (k > i) {
                copyAscii(s, i, k, sink.bytes, sink.size)
                sink.size += k - i
                i = k
                if (i == n) break
            }
            sink.ensure(n - i + 7) // this char takes at most 6 bytes
            i = writeSpecial(sink, s, i, s[i].code)
        }
        sink.bytes[sink.size++] = QUOTE
    }

    /** Copies chars [from, to) of [s], all ASCII, to [b] at [p] as bytes. */
    @Suppress("PLATFORM_CLASS_MAPPED_TO_KOTLIN", "DEPRECATION")
    private fun copyAscii(s: String, from: Int, to: Int, b: ByteArray, p: Int) {
        if (to - from >= BULK) {
            // The low byte of each char: exact for ASCII, and a plain array copy for Latin-1 strings.
            (s as java.lang.String).getBytes(from, to, b, p)
        } else {
            for (j in from until to) b[p + j - from] = s[j].code.toByte()
        }
    }

    /** Writes the char [c] at [i] of [s] (not plain ASCII) into [sink], which has room; returns the next index. */
    private fun writeSpecial(sink: ByteSink, s: String, i: Int, c: Int): Int {
        val b = sink.bytes
        var q = sink.size
        var next = i + 1
        when {
            c < 0x80 -> {
                val e = ESCAPE[c]
                b[q++] = BACKSLASH
                b[q++] = e
                if (e == 'u'.code.toByte()) q = unicodeDigits(b, q, c)
            }
            c < 0x800 -> {
                b[q++] = (0xC0 or (c shr 6)).toByte()
                b[q++] = (0x80 or (c and 0x3F)).toByte()
            }
            c == 0x2028 || c == 0x2029 -> {
                b[q++] = BACKSLASH
                b[q++] = 'u'.code.toByte()
                q = unicodeDigits(b, q, c)
            }
            c < 0xD800 || c >= 0xE000 -> q = three(b, q, c)
            c < 0xDC00 && next < s.length && Character.isLowSurrogate(s[next]) -> {
                val cp = Character.toCodePoint(c.toChar(), s[next])
                next++
                b[q++] = (0xF0 or (cp shr 18)).toByte()
                b[q++] = (0x80 or ((cp shr 12) and 0x3F)).toByte()
                b[q++] = (0x80 or ((cp shr 6) and 0x3F)).toByte()
                b[q++] = (0x80 or (cp and 0x3F)).toByte()
            }
            else -> q = three(b, q, 0xFFFD) // a lone surrogate
        }
        sink.size = q
        return next
    }

    private fun three(b: ByteArray, p: Int, c: Int): Int {
        b[p] = (0xE0 or (c shr 12)).toByte()
        b[p + 1] = (0x80 or ((c shr 6) and 0x3F)).toByte()
        b[p + 2] = (0x80 or (c and 0x3F)).toByte()
        return p + 3
    }

    private fun unicodeDigits(b: ByteArray, p: Int, c: Int): Int {
        b[p] = HEX[c shr 12 and 0xF]
        b[p + 1] = HEX[c shr 8 and 0xF]
        b[p + 2] = HEX[c shr 4 and 0xF]
        b[p + 3] = HEX[c and 0xF]
        return p + 4
    }

    /** Writes [s], known to be ASCII without anything to escape (a number's text), unquoted. */
    fun writeAscii(sink: ByteSink, s: String) {
        sink.ensure(s.length)
        val b = sink.bytes
        var p = sink.size
        for (i in s.indices) b[p++] = s[i].code.toByte()
        sink.size = p
    }
}
