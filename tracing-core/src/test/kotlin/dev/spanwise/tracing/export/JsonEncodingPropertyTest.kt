package dev.spanwise.tracing.export

import dev.spanwise.tracing.exporters.internal.encode.GenAiVocabulary
import dev.spanwise.tracing.exporters.internal.encode.OtlpJsonEncoder
import dev.spanwise.tracing.exporters.internal.encode.TwoSignalEncoder
import dev.spanwise.tracing.exporters.internal.encode.ZipkinJsonEncoder
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.model.Attributes
import dev.spanwise.tracing.testing.OtlpJson
import dev.spanwise.tracing.testing.Spans
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.char
import io.kotest.property.arbitrary.choice
import io.kotest.property.arbitrary.double
import io.kotest.property.arbitrary.element
import io.kotest.property.arbitrary.list
import io.kotest.property.arbitrary.long
import io.kotest.property.arbitrary.map
import io.kotest.property.checkAll
import kotlinx.coroutines.runBlocking
import java.nio.ByteBuffer
import java.nio.charset.CodingErrorAction
import kotlin.test.Test
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/** RELIABILITY §9 J1, J2, J5: the encoders never throw, emit strict JSON and valid UTF-8, deterministically. */
class JsonEncodingPropertyTest {
    private val otlp = OtlpJsonEncoder(GenAiVocabulary)

    /** Strings full of what breaks JSON writers: lone and reversed surrogates, C0 controls, U+2028/9, RTL override, quotes. */
    private val nasty: Arb<String> = Arb.list(
        Arb.choice(
            Arb.char('\u0000'..'\u001f'),
            Arb.char('\ud800'..'\udfff'),
            Arb.element('"', '\\', '/', '\u2028', '\u2029', '\u202e', '\u007f', 'é', '€', '\ufeff'),
            Arb.char('a'..'z'),
        ),
        0..40,
    ).map { it.joinToString("") }

    private fun seed(): Long = System.nanoTime().also { println("${javaClass.simpleName} seed: $it") }

    private fun assertValidUtf8(s: String) {
        val decoder = Charsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
        decoder.decode(ByteBuffer.wrap(s.encodeToByteArray()))
        for (i in s.indices) {
            val c = s[i]
            if (Character.isHighSurrogate(c)) assertTrue(i + 1 < s.length && Character.isLowSurrogate(s[i + 1]), "lone high surrogate")
            if (Character.isLowSurrogate(c)) assertTrue(i > 0 && Character.isHighSurrogate(s[i - 1]), "lone low surrogate")
        }
    }

    /** What a string must read back as: lone surrogates replaced by U+FFFD. */
    private fun sanitized(s: String): String {
        val sb = StringBuilder()
        var i = 0
        while (i < s.length) {
            val c = s[i]
            if (Character.isHighSurrogate(c) && i + 1 < s.length && Character.isLowSurrogate(s[i + 1])) {
                sb.append(c).append(s[i + 1])
                i += 2
                continue
            }
            sb.append(if (Character.isSurrogate(c)) '\uFFFD' else c)
            i++
        }
        return sb.toString()
    }

    // Reliability matrix: J1
    @Test
    fun `nasty strings in names, keys, values and events encode to strict JSON and valid UTF-8`(): Unit = runBlocking {
        checkAll(PropTestConfig(seed = seed(), iterations = 10_000), nasty, nasty, nasty) { name, key, value ->
            val span = Spans.span(
                name = name.ifEmpty { "n" },
                attributes = Attributes.of(("k$key") to value, "list" to listOf(value, key)),
                events = listOf(Spans.event(value.ifEmpty { "e" }, "v" to key)),
                error = Spans.error(value),
                correlationId = key,
            )
            val otlpJson = otlp.encodeRequest(listOf(span))
            assertValidUtf8(otlpJson)
            val request = OtlpJson.parseRequest(otlpJson)
            val decoded = request.getResourceSpans(0).getScopeSpans(0).getSpans(0)
            assertEquals(sanitized(span.name), decoded.name)
            assertEquals(sanitized(value), decoded.attributesList.single { it.key == sanitized("k$key") }.value.stringValue)
            for (json in listOf(
                ZipkinJsonEncoder.encode(listOf(span)).decodeToString(),
                TwoSignalEncoder.body(TwoSignalEncoder.events(listOf(span))).decodeToString(),
            )) {
                assertValidUtf8(json)
                OtlpJson.strictTree(json)
            }
        }
    }

    // Reliability matrix: J2
    @Test
    fun `numerics - non-finite doubles as strings, int64 exact as decimal strings, big doubles stay doubles`(): Unit = runBlocking {
        val special = listOf(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE, 1e300, Double.MAX_VALUE)
        val span = Spans.span(
            attributes = Attributes.of(
                *special.mapIndexed { i, d -> "d$i" to d }.toTypedArray(),
                "min" to Long.MIN_VALUE,
                "max" to Long.MAX_VALUE,
            ),
        )
        val json = otlp.encodeRequest(listOf(span))
        assertTrue(json.contains("{\"doubleValue\":\"NaN\"}"))
        assertTrue(json.contains("{\"doubleValue\":\"Infinity\"}"))
        assertTrue(json.contains("{\"doubleValue\":\"-Infinity\"}"))
        assertTrue(json.contains("{\"intValue\":\"-9223372036854775808\"}"))
        val attrs = OtlpJson.parseRequest(json).getResourceSpans(0).getScopeSpans(0).getSpans(0).attributesList.associate { it.key to it.value }
        assertTrue(json.contains("{\"doubleValue\":-0.0}"), "negative zero keeps its sign on the wire")
        special.forEachIndexed { i, d -> if (i != 3) assertEquals(d, attrs.getValue("d$i").doubleValue, "d$i") }
        assertEquals(Long.MIN_VALUE, attrs.getValue("min").intValue)
        assertEquals(Long.MAX_VALUE, attrs.getValue("max").intValue)
        checkAll(PropTestConfig(seed = seed(), iterations = 10_000), Arb.long(), Arb.double()) { l, d ->
            val s = Spans.span(attributes = Attributes.of("l" to l, "d" to d))
            val a = OtlpJson.parseRequest(otlp.encodeRequest(listOf(s))).getResourceSpans(0).getScopeSpans(0).getSpans(0).attributesList.associate {
                it.key to
                    it.value
            }
            assertEquals(l, a.getValue("l").intValue)
            val back = a.getValue("d").doubleValue
            assertTrue(d == back || (d.isNaN() && back.isNaN()), "$d read back as $back") // the proto parser drops the sign of -0.0
        }
    }

    // Reliability matrix: J5
    @Test
    fun `the same span always encodes to the same bytes`(): Unit = runBlocking {
        checkAll(PropTestConfig(seed = seed(), iterations = 2_000), nasty, nasty) { key, value ->
            val span = Spans.span(attributes = Attributes.of(key.ifEmpty { "k" } to value), llm = Spans.llm(input = value), correlationId = key)
            assertEquals(otlp.encodeRequest(listOf(span)), OtlpJsonEncoder(GenAiVocabulary).encodeRequest(listOf(span)))
            assertContentEquals(ZipkinJsonEncoder.encode(listOf(span)), ZipkinJsonEncoder.encode(listOf(span)))
            assertTrue(TwoSignalEncoder.body(TwoSignalEncoder.events(listOf(span))).contentEquals(TwoSignalEncoder.body(TwoSignalEncoder.events(listOf(span)))))
        }
    }
}
