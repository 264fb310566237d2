package dev.spanwise.tracing.testing

import com.google.gson.JsonArray
import com.google.gson.JsonElement
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import com.google.gson.JsonPrimitive
import com.google.gson.Strictness
import com.google.gson.stream.JsonReader
import com.google.protobuf.util.JsonFormat
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest
import io.opentelemetry.proto.trace.v1.Span
import java.io.StringReader
import java.util.Base64

/** Strict parsing of OTLP/JSON with the official opentelemetry-proto schema. */
object OtlpJson {
    private val ID_KEYS = setOf("traceId", "spanId", "parentSpanId")

    /** Parses [json] under RFC 8259 rules (no lenient extensions); throws on anything else. */
    fun strictTree(json: String): JsonElement {
        val reader = JsonReader(StringReader(json))
        reader.strictness = Strictness.STRICT
        val tree = JsonParser.parseReader(reader)
        check(reader.peek() == com.google.gson.stream.JsonToken.END_DOCUMENT) { "trailing content" }
        return tree
    }

    /** Parses an OTLP/JSON request whose ids are hex (the OTLP/JSON rule) into the proto message. */
    fun parseRequest(json: String): ExportTraceServiceRequest {
        val tree = strictTree(json)
        rewriteIds(tree, hex = true)
        val builder = ExportTraceServiceRequest.newBuilder()
        JsonFormat.parser().merge(tree.toString(), builder)
        return builder.build()
    }

    /** Parses a request whose ids are already base64 (Tracentic). */
    fun parseBase64Request(json: String): ExportTraceServiceRequest {
        val builder = ExportTraceServiceRequest.newBuilder()
        JsonFormat.parser().merge(strictTree(json).toString(), builder)
        return builder.build()
    }

    fun parseSpan(json: String): Span {
        val tree = strictTree(json)
        rewriteIds(tree, hex = true)
        val builder = Span.newBuilder()
        JsonFormat.parser().merge(tree.toString(), builder)
        return builder.build()
    }

    private fun rewriteIds(e: JsonElement, hex: Boolean) {
        when (e) {
            is JsonObject -> for (key in e.keySet().toList()) {
                val v = e.get(key)
                if (key in ID_KEYS && v is JsonPrimitive && v.isString) {
                    val s = v.asString
                    require(s.matches(Regex("[0-9a-f]+")) && (s.length == 32 || s.length == 16)) { "$key is not lower hex: $s" }
                    e.addProperty(key, Base64.getEncoder().encodeToString(hexBytes(s)))
                } else {
                    rewriteIds(v, hex)
                }
            }
            is JsonArray -> e.forEach { rewriteIds(it, hex) }
            else -> {}
        }
    }

    fun hexBytes(s: String): ByteArray = ByteArray(s.length / 2) { s.substring(it * 2, it * 2 + 2).toInt(16).toByte() }

    fun hex(bytes: com.google.protobuf.ByteString): String = bytes.toByteArray().joinToString("") { "%02x".format(it) }

    /** Every value under [key] anywhere in the tree. */
    fun valuesOf(e: JsonElement, key: String, out: MutableList<JsonElement> = ArrayList()): List<JsonElement> {
        when (e) {
            is JsonObject -> for ((k, v) in e.entrySet()) {
                if (k == key) out.add(v)
                valuesOf(v, key, out)
            }
            is JsonArray -> e.forEach { valuesOf(it, key, out) }
            else -> {}
        }
        return out
    }
}
