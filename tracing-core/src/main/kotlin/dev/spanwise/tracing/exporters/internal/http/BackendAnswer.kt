package dev.spanwise.tracing.exporters.internal.http

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.longOrNull

/**
 * Reads the few fields Spanwise looks at in a backend's 2xx answer (kotlinx-serialization-json).
 * Never throws: an empty, malformed or unexpected body means "nothing to report".
 */
internal object BackendAnswer {
    /** OTLP `partialSuccess`: the rejected span count (string or number) and the error message, or `null`. */
    fun partialSuccess(body: String): Pair<Long, String?>? {
        val partial = parse(body)?.get("partialSuccess") as? JsonObject ?: return null
        val rejected = long(partial["rejectedSpans"]) ?: 0L
        val message = (partial["errorMessage"] as? JsonPrimitive)?.takeIf { it.isString }?.content
        return rejected to message
    }

    /**
     * The spans of a delivered request of [sent] spans that the backend's OTLP `partialSuccess`
     * says it rejected (bounded to 0..[sent]) and its message made safe to log by [transport], or
     * `null` when the answer has no `partialSuccess`.
     */
    fun rejectedSpans(body: String, sent: Int, transport: HttpTransport): Pair<Long, String>? {
        val (rejected, message) = partialSuccess(body) ?: return null
        return rejected.coerceIn(0, sent.toLong()) to transport.scrub(message)
    }

    /** 2Signal's `{"accepted": N}`, or `null`. */
    fun accepted(body: String): Long? = long(parse(body)?.get("accepted"))

    private fun parse(body: String): JsonObject? {
        if (body.isBlank()) return null
        return try {
            Json.parseToJsonElement(body) as? JsonObject
        } catch (e: Exception) {
            null
        }
    }

    private fun long(e: JsonElement?): Long? = (e as? JsonPrimitive)?.longOrNull
}
