package dev.spanwise.tracing.model.internal

import java.util.IdentityHashMap

/**
 * Renders an arbitrary value as a compact JSON-like string for an attribute. Never throws: cycles
 * become `"<cycle>"`, nesting past the depth bound becomes `"<depth>"`, and an object whose
 * `toString()` throws or returns `null` becomes `"<unserializable: FQCN>"`.
 */
internal object ValueRenderer {
    fun render(value: Any?, maxDepth: Int, maxChars: Int): String {
        val out = StringBuilder()
        try {
            write(out, value, 0, maxDepth, maxChars, IdentityHashMap())
        } catch (e: StackOverflowError) {
            return "<unserializable: ${value?.javaClass?.name}>"
        }
        return out.toString()
    }

    private fun write(
        out: StringBuilder,
        value: Any?,
        depth: Int,
        maxDepth: Int,
        maxChars: Int,
        visiting: IdentityHashMap<Any, Boolean>,
    ) {
        if (out.length > maxChars) return
        when (value) {
            null -> out.append("null")
            is CharSequence -> quote(out, value.toString(), maxChars)
            is Number, is Boolean -> out.append(value.toString())
            is Map<*, *> -> container(out, value, depth, maxDepth, visiting, '{', '}') {
                var first = true
                for ((k, v) in value) {
                    if (out.length > maxChars) break
                    if (!first) out.append(',')
                    first = false
                    quote(out, k.toString(), maxChars)
                    out.append(':')
                    write(out, v, depth + 1, maxDepth, maxChars, visiting)
                }
            }
            is Iterable<*> -> container(out, value, depth, maxDepth, visiting, '[', ']') {
                var first = true
                for (v in value) {
                    if (out.length > maxChars) break
                    if (!first) out.append(',')
                    first = false
                    write(out, v, depth + 1, maxDepth, maxChars, visiting)
                }
            }
            is Array<*> -> write(out, value.asList(), depth, maxDepth, maxChars, visiting)
            else -> {
                val text = try {
                    value.toString()
                } catch (e: Exception) {
                    null
                }
                @Suppress("SENSELESS_COMPARISON")
                if (text == null) out.append("<unserializable: ${value.javaClass.name}>") else out.append(text)
            }
        }
    }

    private inline fun container(
        out: StringBuilder,
        value: Any,
        depth: Int,
        maxDepth: Int,
        visiting: IdentityHashMap<Any, Boolean>,
        open: Char,
        close: Char,
        body: () -> Unit,
    ) {
        if (depth >= maxDepth) {
            out.append("\"<depth>\"")
            return
        }
        if (visiting.put(value, true) != null) {
            out.append("\"<cycle>\"")
            return
        }
        out.append(open)
        body()
        out.append(close)
        visiting.remove(value)
    }

    private fun quote(out: StringBuilder, s: String, maxChars: Int) {
        out.append('"')
        for (c in s) {
            if (out.length > maxChars) break
            when (c) {
                '"' -> out.append("\\\"")
                '\\' -> out.append("\\\\")
                else -> out.append(c)
            }
        }
        out.append('"')
    }
}
