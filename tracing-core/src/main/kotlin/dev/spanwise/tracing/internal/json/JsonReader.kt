package dev.spanwise.tracing.internal.json

/**
 * Parses the small JSON documents backends answer with (`partialSuccess`, `accepted`) into maps,
 * lists, strings, numbers (`Long` or `Double`), booleans and `null`. Never throws: malformed or
 * too deeply nested input yields `null` from [parse].
 */
internal class JsonReader private constructor(private val s: String) {
    private var i = 0

    private class Malformed : RuntimeException(null, null, false, false)

    private fun value(depth: Int): Any? {
        if (depth > MAX_DEPTH) throw Malformed()
        skipWs()
        if (i >= s.length) throw Malformed()
        return when (s[i]) {
            '{' -> obj(depth)
            '[' -> array(depth)
            '"' -> string()
            't' -> literal("true", true)
            'f' -> literal("false", false)
            'n' -> literal("null", null)
            else -> number()
        }
    }

    private fun obj(depth: Int): Map<String, Any?> {
        i++
        val map = LinkedHashMap<String, Any?>()
        skipWs()
        if (peek() == '}') {
            i++
            return map
        }
        while (true) {
            skipWs()
            if (peek() != '"') throw Malformed()
            val key = string()
            skipWs()
            if (peek() != ':') throw Malformed()
            i++
            map[key] = value(depth + 1)
            skipWs()
            when (peek()) {
                ',' -> i++
                '}' -> {
                    i++
                    return map
                }
                else -> throw Malformed()
            }
        }
    }

    private fun array(depth: Int): List<Any?> {
        i++
        val list = ArrayList<Any?>()
        skipWs()
        if (peek() == ']') {
            i++
            return list
        }
        while (true) {
            list.add(value(depth + 1))
            skipWs()
            when (peek()) {
                ',' -> i++
                ']' -> {
                    i++
                    return list
                }
                else -> throw Malformed()
            }
        }
    }

    private fun string(): String {
        i++
        val sb = StringBuilder()
        while (true) {
            if (i >= s.length) throw Malformed()
            val c = s[i++]
            when (c) {
                '"' -> return sb.toString()
                '\\' -> {
                    if (i >= s.length) throw Malformed()
                    when (val e = s[i++]) {
                        'n' -> sb.append('\n')
                        'r' -> sb.append('\r')
                        't' -> sb.append('\t')
                        'b' -> sb.append('\b')
                        'f' -> sb.append('\u000c')
                        'u' -> {
                            if (i + 4 > s.length) throw Malformed()
                            sb.append(s.substring(i, i + 4).toIntOrNull(16)?.toChar() ?: throw Malformed())
                            i += 4
                        }
                        else -> sb.append(e)
                    }
                }
                else -> sb.append(c)
            }
        }
    }

    private fun number(): Any {
        val start = i
        while (i < s.length && s[i] in "+-0123456789.eE") i++
        val text = s.substring(start, i)
        return text.toLongOrNull() ?: text.toDoubleOrNull() ?: throw Malformed()
    }

    private fun literal(word: String, result: Any?): Any? {
        if (!s.startsWith(word, i)) throw Malformed()
        i += word.length
        return result
    }

    private fun peek(): Char = if (i < s.length) s[i] else '\u0000'

    private fun skipWs() {
        while (i < s.length && s[i].isWhitespace()) i++
    }

    companion object {
        private const val MAX_DEPTH = 64

        /** The parsed document, or `null` if [text] is not one well-formed JSON value. */
        fun parse(text: String): Any? = try {
            val r = JsonReader(text)
            val v = r.value(0)
            r.skipWs()
            if (r.i != text.length) null else v ?: NULL
        } catch (e: Malformed) {
            null
        } catch (e: StackOverflowError) {
            null
        }

        /** Marker for a document that is the literal `null`. */
        val NULL: Any = Any()

        /** A count field that may be a JSON number or a decimal string (OTLP int64), or `null`. */
        fun asLong(v: Any?): Long? = when (v) {
            is Long -> v
            is Double -> if (v.isFinite()) v.toLong() else null
            is String -> v.toLongOrNull()
            else -> null
        }
    }
}
