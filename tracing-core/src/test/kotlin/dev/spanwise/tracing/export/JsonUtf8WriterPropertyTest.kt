package dev.spanwise.tracing.export

import dev.spanwise.tracing.exporters.internal.json.ByteSink
import dev.spanwise.tracing.exporters.internal.json.JsonName
import dev.spanwise.tracing.exporters.internal.json.JsonWriter
import dev.spanwise.tracing.exporters.internal.json.Utf8JsonWriter
import dev.spanwise.tracing.exporters.internal.json.Utf8JsonWriterPool
import dev.spanwise.tracing.model.internal.Ids
import dev.spanwise.tracing.testing.OtlpJson
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.char
import io.kotest.property.arbitrary.choice
import io.kotest.property.arbitrary.double
import io.kotest.property.arbitrary.element
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.arbitrary.long
import io.kotest.property.arbitrary.map
import io.kotest.property.checkAll
import kotlinx.coroutines.runBlocking
import java.nio.ByteBuffer
import java.nio.charset.CodingErrorAction
import java.util.Base64
import kotlin.test.Test
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertNotSame
import kotlin.test.assertSame

/** The UTF-8 writer writes exactly the bytes of the text writer's output, for any input. */
class JsonUtf8WriterPropertyTest {
    private fun seed(): Long = System.nanoTime().also { println("${javaClass.simpleName} seed: $it") }

    /** Strings mixing ASCII runs, escapes, controls, DEL, 2- and 3-byte chars, U+2028/9, paired and lone surrogates. */
    private val strings: Arb<String> = Arb.list(
        Arb.choice(
            Arb.element("plain ascii text ", "\ud83d\ude00", "\ud800\udc00", "\udbff\udfff", "\\", "\"", "\n\r\t", "\u0000"),
            Arb.char('\u0000'..'\u001f').map { it.toString() },
            Arb.char('\ud800'..'\udfff').map { it.toString() },
            Arb.element('\u007f', '\u0080', '\u07ff', '\u0800', '\u2028', '\u2029', '\ufeff', '\uffff', 'é', '€').map { it.toString() },
            Arb.char('\u0000'..'\uffff').map { it.toString() },
            Arb.char(' '..'~').map { it.toString() },
        ),
        0..60,
    ).map { it.joinToString("") }

    private fun expectedBytes(build: JsonWriter.() -> Unit): ByteArray = JsonWriter().apply(build).toString().encodeToByteArray()

    /** A writer over a tiny buffer, so that every test also exercises growth. */
    private fun utf8(build: Utf8JsonWriter.() -> Unit): ByteArray = Utf8JsonWriter(ByteSink(16)).apply(build).sink.toByteArray()

    private fun assertStrictUtf8(bytes: ByteArray) {
        Charsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
    }

    @Test
    fun `strings as names and values encode to the bytes of the text writer's output`(): Unit = runBlocking {
        checkAll(PropTestConfig(seed = seed(), iterations = 20_000), strings, strings) { key, value ->
            val expected = expectedBytes { beginObject().name(key).value(value).endObject() }
            val actual = utf8 { beginObject().name(key).value(value).endObject() }
            assertContentEquals(expected, actual, "key=${key.map { it.code }} value=${value.map { it.code }}")
            assertStrictUtf8(actual)
            val prebuilt = utf8 { beginObject().name(JsonName(key)).value(value).endObject() }
            assertContentEquals(expected, prebuilt)
        }
    }

    /** The calls a script makes; implemented over both writers. */
    private interface Calls {
        fun open(obj: Boolean)

        fun close(obj: Boolean)

        fun name(s: String)

        fun leaf(op: Int, l: Long, d: Double, b: Boolean, s: String)
    }

    /** Runs [ops] on [calls], naming every member inside objects and closing what it opened. */
    private fun script(calls: Calls, ops: List<Int>, keys: List<String>, l: Long, d: Double, b: Boolean, s: String) {
        val stack = ArrayDeque<Boolean>() // true = object
        calls.open(false)
        stack.addLast(false)
        ops.forEachIndexed { i, op ->
            if (op == 2 && stack.size > 1) {
                calls.close(stack.removeLast())
                return@forEachIndexed
            }
            if (stack.last()) calls.name(keys[i % keys.size])
            when (op) {
                0, 1 -> calls.open(op == 0).also { stack.addLast(op == 0) }
                else -> calls.leaf(op, l, d, b, s)
            }
        }
        while (stack.isNotEmpty()) calls.close(stack.removeLast())
    }

    private fun calls(w: JsonWriter) = object : Calls {
        override fun open(obj: Boolean) {
            if (obj) w.beginObject() else w.beginArray()
        }

        override fun close(obj: Boolean) {
            if (obj) w.endObject() else w.endArray()
        }

        override fun name(s: String) {
            w.name(s)
        }

        override fun leaf(op: Int, l: Long, d: Double, b: Boolean, s: String) {
            when (op) {
                3 -> w.value(l)
                4 -> w.stringValue(l)
                5 -> w.value(d)
                6 -> w.value(b)
                7 -> w.nullValue()
                else -> w.value(s)
            }
        }
    }

    private fun calls(w: Utf8JsonWriter) = object : Calls {
        override fun open(obj: Boolean) {
            if (obj) w.beginObject() else w.beginArray()
        }

        override fun close(obj: Boolean) {
            if (obj) w.endObject() else w.endArray()
        }

        override fun name(s: String) {
            w.name(s)
        }

        override fun leaf(op: Int, l: Long, d: Double, b: Boolean, s: String) {
            when (op) {
                3 -> w.value(l)
                4 -> w.stringValue(l)
                5 -> w.value(d)
                6 -> w.value(b)
                7 -> w.nullValue()
                else -> w.value(s)
            }
        }
    }

    @Test
    fun `mixed documents - numbers, booleans, nulls, nesting and commas - match the text writer`(): Unit = runBlocking {
        checkAll(
            PropTestConfig(seed = seed(), iterations = 5_000),
            Arb.list(Arb.int(0..9), 1..40),
            Arb.list(strings, 1..4),
            Arb.long(),
            Arb.double(),
            strings,
        ) { ops, keys, l, d, s ->
            val text = JsonWriter()
            script(calls(text), ops, keys, l, d, true, s)
            val bytes = Utf8JsonWriter(ByteSink(16))
            script(calls(bytes), ops, keys, l, d, true, s)
            assertContentEquals(text.toString().encodeToByteArray(), bytes.sink.toByteArray())
            assertStrictUtf8(bytes.sink.toByteArray())
            OtlpJson.strictTree(bytes.toString())
        }
    }

    @Test
    fun `long strings with specials at every position around the chunk boundaries match the text writer`() {
        val specials = listOf("\ud83d\ude00", "\ud83d", "\ude00", "\ude00\ud83d", "\u2028", "\n", "é", "€", "\u0001", "\"")
        for (length in listOf(33, 600, 1100)) {
            for (at in (0..40) + (490..530) + (1010..1040)) {
                if (at > length) continue
                for (special in specials) {
                    val s = "x".repeat(at) + special + "y".repeat(length - at)
                    assertContentEquals(expectedBytes { value(s) }, utf8 { value(s) }, "length $length, special ${special.map { it.code }} at $at")
                }
            }
        }
    }

    @Test
    fun `longs and doubles, including the edges, match the text writer`(): Unit = runBlocking {
        val edges = listOf(0L, -1L, 1L, 9L, 10L, -10L, 99L, 100L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 999_999_999_999_999_999L)
        val doubles = listOf(0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, 1e-7, 1e21)
        for (n in edges) {
            assertContentEquals(
                expectedBytes {
                    beginArray().value(n).stringValue(n).endArray()
                },
                utf8 { beginArray().value(n).stringValue(n).endArray() },
                "$n",
            )
        }
        for (d in doubles) assertContentEquals(expectedBytes { value(d) }, utf8 { value(d) }, "$d")
        checkAll(PropTestConfig(seed = seed(), iterations = 20_000), Arb.long(), Arb.double()) { n, d ->
            assertContentEquals(
                expectedBytes {
                    beginArray().value(n).stringValue(n).value(d).endArray()
                },
                utf8 { beginArray().value(n).stringValue(n).value(d).endArray() },
            )
        }
    }

    @Test
    fun `ids written from longs equal the hex, scope id and base64 strings`(): Unit = runBlocking {
        checkAll(PropTestConfig(seed = seed(), iterations = 10_000), Arb.long(), Arb.long(), Arb.long()) { high, low, span ->
            fun q(s: String) = "\"$s\"".encodeToByteArray()
            assertContentEquals(q(Ids.spanIdHex(span)), utf8 { hexValue(span) })
            assertContentEquals(q(Ids.traceIdHex(high, low)), utf8 { hexValue(high, low) })
            assertContentEquals(q(Ids.scopeId(high, low, span)), utf8 { scopeIdValue(high, low, span) })
            val b64 = Base64.getEncoder()
            assertContentEquals(q(b64.encodeToString(ByteBuffer.allocate(8).putLong(span).array())), utf8 { base64Value(span) })
            assertContentEquals(q(b64.encodeToString(ByteBuffer.allocate(16).putLong(high).putLong(low).array())), utf8 { base64Value(high, low) })
        }
    }

    @Test
    fun `a document of nasty members parses strictly and reads back sanitized`(): Unit = runBlocking {
        checkAll(PropTestConfig(seed = seed(), iterations = 2_000), strings, strings) { key, value ->
            val w = Utf8JsonWriter(ByteSink(16)).beginObject().name("k").value(key).name("v").value(value).endObject()
            val tree = OtlpJson.strictTree(w.toString()).asJsonObject
            assertEquals(JsonWriter().value(key).toString(), JsonWriter().value(tree["k"].asString).toString())
            assertEquals(JsonWriter().value(value).toString(), JsonWriter().value(tree["v"].asString).toString())
        }
    }

    @Test
    fun `the pool reuses reset writers, keeps at most its slots and drops oversized buffers`() {
        val pool = Utf8JsonWriterPool(slots = 2, maxRetainedBytes = 1024, initialBytes = 256)
        val a = pool.acquire()
        a.beginObject().name("x").value(1L).endObject()
        pool.release(a)
        val again = pool.acquire()
        assertSame(a, again)
        assertEquals(0, again.sink.size, "a reused writer starts empty")
        assertContentEquals("[]".encodeToByteArray(), again.beginArray().endArray().sink.toByteArray(), "and with no pending comma")
        val b = pool.acquire()
        val c = pool.acquire()
        assertNotSame(b, again)
        assertNotSame(c, b)
        pool.release(again)
        pool.release(b)
        pool.release(c)
        assertEquals(2, pool.retained, "a third writer is not kept")
        val big = pool.acquire(expectedBytes = 4096)
        pool.acquire()
        assertEquals(0, pool.retained)
        pool.release(big)
        assertEquals(0, pool.retained, "a buffer grown past the cap is not kept")
    }
}
