package dev.spanwise.tracing.exporters.internal.encode

import dev.spanwise.tracing.exporters.internal.json.JsonName
import dev.spanwise.tracing.exporters.internal.json.Utf8JsonWriter

/**
 * Writes an OTLP `attributes` array of `KeyValue`s into [w]; one instance serves a whole request.
 * With `dedup`, a key already written in the same array is skipped (vocabulary keys win over the
 * user's). Scope ids and `long` values go straight to bytes, without a string or a box.
 */
internal class OtlpAttributeWriter(private val w: Utf8JsonWriter) : AttributeSink {
    private var dedup = false
    private var keys = arrayOfNulls<String>(32)
    private var hashes = IntArray(32)
    private var count = 0

    /** Starts `"attributes":[`. */
    fun begin(dedup: Boolean) {
        this.dedup = dedup
        count = 0
        w.name(ATTRIBUTES).beginArray()
    }

    /** Ends the array started by [begin]. */
    fun end() {
        w.endArray()
    }

    override fun put(key: String, value: Any) {
        if (!accept(key)) return
        w.beginObject().field(KEY, key).name(VALUE)
        anyValue(w, value)
        w.endObject()
    }

    override fun putLong(key: String, value: Long) {
        if (!accept(key)) return
        w.beginObject().field(KEY, key).name(VALUE).beginObject().name(INT_VALUE).stringValue(value).endObject().endObject()
    }

    override fun putScopeId(key: String, traceHigh: Long, traceLow: Long, spanId: Long) {
        if (!accept(key)) return
        w.beginObject().field(KEY, key).name(VALUE).beginObject().name(STRING_VALUE)
        w.scopeIdValue(traceHigh, traceLow, spanId).endObject().endObject()
    }

    private fun accept(key: String): Boolean {
        if (!dedup) return true
        val hash = key.hashCode()
        for (i in 0 until count) if (hashes[i] == hash && keys[i] == key) return false
        if (count == keys.size) {
            keys = keys.copyOf(count * 2)
            hashes = hashes.copyOf(count * 2)
        }
        keys[count] = key
        hashes[count] = hash
        count++
        return true
    }

    companion object {
        private val ATTRIBUTES = JsonName("attributes")
        private val KEY = JsonName("key")
        private val VALUE = JsonName("value")
        private val STRING_VALUE = JsonName("stringValue")
        private val BOOL_VALUE = JsonName("boolValue")
        private val INT_VALUE = JsonName("intValue")
        private val DOUBLE_VALUE = JsonName("doubleValue")
        private val ARRAY_VALUE = JsonName("arrayValue")
        private val VALUES = JsonName("values")

        /** An OTLP `AnyValue`. */
        fun anyValue(w: Utf8JsonWriter, v: Any) {
            w.beginObject()
            when (v) {
                is String -> w.field(STRING_VALUE, v)
                is Boolean -> w.field(BOOL_VALUE, v)
                is Long -> w.name(INT_VALUE).stringValue(v)
                is Int -> w.name(INT_VALUE).stringValue(v.toLong())
                is Double -> w.name(DOUBLE_VALUE).value(v)
                is List<*> -> {
                    w.name(ARRAY_VALUE).beginObject().name(VALUES).beginArray()
                    for (i in v.indices) v[i]?.let { anyValue(w, it) }
                    w.endArray().endObject()
                }
                else -> w.field(STRING_VALUE, v.toString())
            }
            w.endObject()
        }
    }
}
