package dev.spanwise.tracing.config

import java.net.URLDecoder

/**
 * Parses `OTEL_EXPORTER_OTLP_HEADERS`: `key1=value1,key2=value2`, values percent-encoded. A literal
 * `+` stays a `+` (base64 credentials contain it), and a raw space is kept as is.
 */
internal object OtlpHeaders {
    fun parse(raw: String?, source: String): Map<String, String> {
        if (raw.isNullOrBlank()) return emptyMap()
        val headers = LinkedHashMap<String, String>()
        for (entry in raw.split(',')) {
            if (entry.isBlank()) continue
            val eq = entry.indexOf('=')
            val name = if (eq > 0) entry.substring(0, eq).trim() else ""
            require(name.isNotEmpty() && name.none { it.isWhitespace() || it == ':' }) {
                "$source: each entry must be name=value; found an entry without a valid name"
            }
            val value = try {
                URLDecoder.decode(entry.substring(eq + 1).trim().replace("+", "%2B"), "UTF-8")
            } catch (e: IllegalArgumentException) {
                throw IllegalArgumentException("$source: the value of header '$name' is not URL-encoded correctly")
            }
            require(value.none { it == '\r' || it == '\n' }) { "$source: header '$name' has a line break in its value" }
            headers[name] = value
        }
        return headers
    }
}
