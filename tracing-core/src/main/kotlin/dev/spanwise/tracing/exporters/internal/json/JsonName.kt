package dev.spanwise.tracing.exporters.internal.json

/** A JSON member name with its quotes and colon already encoded, e.g. `"traceId":`. */
internal class JsonName(val text: String) {
    val bytes: ByteArray = ByteSink(text.length + 3).also {
        Utf8Strings.writeQuoted(it, text)
        it.write(':'.code)
    }.toByteArray()

    override fun toString(): String = text
}
