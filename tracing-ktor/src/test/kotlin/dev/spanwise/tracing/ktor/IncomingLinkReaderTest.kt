package dev.spanwise.tracing.ktor

import dev.spanwise.tracing.propagation.PARENT_SCOPE_HEADER
import dev.spanwise.tracing.propagation.TRACENTIC_SCOPE_HEADER
import dev.spanwise.tracing.propagation.TRACEPARENT_HEADER
import io.kotest.common.ExperimentalKotest
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.Codepoint
import io.kotest.property.arbitrary.ascii
import io.kotest.property.arbitrary.az
import io.kotest.property.arbitrary.bind
import io.kotest.property.arbitrary.choice
import io.kotest.property.arbitrary.constant
import io.kotest.property.arbitrary.element
import io.kotest.property.arbitrary.hex
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.map
import io.kotest.property.arbitrary.string
import io.kotest.property.checkAll
import kotlinx.coroutines.runBlocking
import java.lang.ref.WeakReference
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertTrue

class IncomingLinkReaderTest {
    private val stats = ServerTracingStats()
    private val reader = IncomingLinkReader(stats)
    private val scopeId = "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7"

    private fun read(vararg headers: Pair<String, String>): IncomingLink {
        val map = headers.groupBy({ it.first }, { it.second })
        return reader.read { map[it] }
    }

    // Reliability matrix: H3
    @Test
    fun `a 10 KB value is rejected on its length and is not retained`() {
        var value: String? = "a".repeat(10 * 1024)
        val ref = WeakReference(value)
        val link = read(PARENT_SCOPE_HEADER to value!!, TRACEPARENT_HEADER to value, CORRELATION_ID_HEADER to value)
        assertNull(link.parent)
        assertNull(link.correlationId)
        assertEquals(3L, stats.rejected(HeaderRejection.TOO_LONG))
        value = null
        repeat(20) {
            if (ref.get() != null) {
                System.gc()
                Thread.sleep(10)
            }
        }
        assertNull(ref.get(), "the rejected value is still reachable")
        assertTrue(link === IncomingLink.NONE)
    }

    @Test
    fun `a valid scope id is preferred over traceparent and every field is validated on its own`() {
        val link = read(
            PARENT_SCOPE_HEADER to scopeId,
            TRACEPARENT_HEADER to "00-11111111111111111111111111111111-2222222222222222-01",
            TRACENTIC_SCOPE_HEADER to "bad value",
            CORRELATION_ID_HEADER to "order-42",
        )
        assertEquals(scopeId, link.parent?.scopeId)
        assertNull(link.logicalParentId)
        assertEquals("order-42", link.correlationId)
        assertEquals(mapOf(HeaderRejection.MALFORMED to 1L), stats.snapshot())
    }

    @Test
    fun `the NUL, ANSI and line-separator values the wire cannot always carry are rejected`() {
        for (value in listOf("a\u0000b", "\u001b[31m", "a\u2028b", "abc\r\nX-Injected: 1", "${scopeId}\n")) {
            val link = read(PARENT_SCOPE_HEADER to value, TRACENTIC_SCOPE_HEADER to value, CORRELATION_ID_HEADER to value)
            assertTrue(link === IncomingLink.NONE, value)
        }
        assertEquals(15L, stats.rejected(HeaderRejection.MALFORMED))
    }

    /** H7: 100 000 generated values; the reader never throws and accepts only canonical values. */
    // Reliability matrix: H7
    @OptIn(ExperimentalKotest::class)
    @Test
    fun `fuzzed header values never throw and only strictly valid values are accepted`() = runBlocking {
        val seed = System.getProperty("spanwise.fuzz.seed")?.toLong() ?: System.nanoTime()
        println("IncomingLinkReaderTest H7 seed=$seed (rerun with -Dspanwise.fuzz.seed=$seed)")
        val hexId = Arb.string(32, Codepoint.hex())
        val nearValid = Arb.bind(hexId, Arb.string(16, Codepoint.hex()), Arb.int(0, 60), Arb.element("A", "-", " ", ",", "\u0000", "é", "")) { t, s, at, junk ->
            "$t-$s".let { it.substring(0, minOf(at, it.length)) + junk + it.substring(minOf(at, it.length)) }
        }
        val values = Arb.choice(
            Arb.string(0, 200, Codepoint.ascii()),
            Arb.string(0, 200),
            Arb.string(0, 60, Codepoint.az()),
            nearValid,
            nearValid.map { "00-$it-01" },
            Arb.int(100, 12_000).map { "f".repeat(it) },
            Arb.constant(scopeId),
        )
        val started = System.nanoTime()
        checkAll(
            PropTestConfig(seed = seed, iterations = 100_000),
            values,
            Arb.element(PARENT_SCOPE_HEADER, TRACEPARENT_HEADER, TRACENTIC_SCOPE_HEADER, CORRELATION_ID_HEADER),
        ) {
                value,
                header,
            ->
            val link = read(header to value)
            link.parent?.let { p ->
                assertTrue(value == p.scopeId || value.substring(3, 52) == p.scopeId, "accepted a non-canonical parent: $value")
            }
            link.logicalParentId?.let { assertTrue(it == value && it.all { c -> c.isLetterOrDigit() && c.code < 128 || c in "._:-" }) }
            link.correlationId?.let { assertTrue(it == value && it.length <= 128) }
        }
        val seconds = (System.nanoTime() - started) / 1e9
        println("IncomingLinkReaderTest H7: 100000 cases in ${"%.1f".format(seconds)} s")
    }

    // Reliability matrix: H7
    @Test
    fun `validation stays under 50 microseconds even for 10 KB values`() {
        val inputs = listOf("a".repeat(10 * 1024), "b".repeat(128), scopeId, "00-$scopeId-01")
        val perCallNanos = inputs.map { value ->
            repeat(20_000) { read(PARENT_SCOPE_HEADER to value, TRACEPARENT_HEADER to value) } // warm-up
            val rounds = 50_000
            val start = System.nanoTime()
            repeat(rounds) { read(PARENT_SCOPE_HEADER to value, TRACEPARENT_HEADER to value) }
            (System.nanoTime() - start) / rounds
        }
        println("IncomingLinkReaderTest H7 per-request validation (ns): $perCallNanos")
        assertTrue(perCallNanos.all { it < 50_000 }, perCallNanos.toString())
    }
}
