package dev.spanwise.tracing.ktor

import dev.spanwise.tracing.propagation.PARENT_SCOPE_HEADER
import dev.spanwise.tracing.propagation.TRACENTIC_SCOPE_HEADER
import dev.spanwise.tracing.propagation.TRACEPARENT_HEADER
import io.ktor.server.application.install
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import kotlinx.coroutines.runBlocking
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** reliability matrix H1–H6 against a real CIO server, with raw sockets for what no client would send. */
class IncomingHeadersTest {
    private val svc = TestService("service-b")
    private val server = TestServer {
        install(ServerTracing) { tracing = svc.tracing }
        routing {
            get("/echo") {
                val scope = call.traceScope!!
                call.respondText("${scope.parentScopeId ?: "root"}|${scope.correlationId}")
            }
        }
    }
    private val stats get() = server.application.serverTracingStats!!

    private val traceId = "4bf92f3577b34da6a3ce929d0e0e4736"
    private val spanId = "00f067aa0ba902b7"
    private val scopeId = "$traceId-$spanId"

    @AfterTest
    fun stop() {
        server.close()
        runBlocking { svc.tracing.shutdown() }
    }

    private fun get(vararg headers: String): String {
        val response = rawGet(server.port, "/echo", *headers)
        assertEquals(200, statusOf(response), "the request is answered normally: $response")
        return response.substringAfter("\r\n\r\n")
    }

    /** The exported spans once [count] have arrived (the server scope ends just after the response is sent). */
    private fun exported(count: Int = 1) = awaitSpans(svc, count)

    // Reliability matrix: H1
    @Test
    fun `a valid scope id or traceparent links the request scope to the caller in the same trace`() {
        assertEquals("$scopeId|null", get("$PARENT_SCOPE_HEADER: $scopeId"))
        assertEquals("$scopeId|null", get("$TRACEPARENT_HEADER: 00-$traceId-$spanId-01"))
        val other = "$traceId-1111111111111111"
        assertEquals("$scopeId|null", get("$PARENT_SCOPE_HEADER: $scopeId", "$TRACEPARENT_HEADER: 00-$traceId-1111111111111111-01"), "x-spanwise-scope wins")
        assertEquals("$other|order-7", get("$TRACEPARENT_HEADER: 00-$traceId-1111111111111111-00", "$CORRELATION_ID_HEADER: order-7"))
        val spans = exported(4)
        assertEquals(4, spans.size)
        assertTrue(spans.all { it.traceIdHex == traceId && it.parentIsRemote })
        assertEquals(0L, stats.rejectedTotal)
    }

    // Reliability matrix: H1
    @Test
    fun `a tracentic scope id is kept as a logical parent of a new root`() {
        assertEquals("root|null", get("$TRACENTIC_SCOPE_HEADER: run-17.step:a"))
        val span = exported().single()
        assertEquals("run-17.step:a", span.logicalParentId)
        assertEquals(0L, span.parentSpanId)
    }

    // Reliability matrix: H2
    @Test
    fun `absent or empty headers start a new root without counting or logging above DEBUG`() {
        val before = testLogText().length
        assertEquals("root|null", get())
        assertEquals("root|null", get("$PARENT_SCOPE_HEADER: ", "$TRACEPARENT_HEADER: "))
        assertEquals(0L, stats.rejectedTotal)
        val spans = exported(2)
        assertEquals(2, spans.size)
        assertTrue(spans.all { it.parentSpanId == 0L })
        val newLog = testLogText().drop(before).lines().filter { "dev.spanwise.tracing.ktor" in it }
        assertTrue(newLog.none { " WARN " in it || " INFO " in it || " ERROR " in it }, newLog.toString())
    }

    // Reliability matrix: H3
    @Test
    fun `over-long values are ignored unread, counted, logged by length only and kept out of spans`() {
        val before = testLogText().length
        val long129 = "a".repeat(129)
        val long8k = "b".repeat(8_000) // CIO itself refuses header lines over 8192 bytes (its 400, not ours)
        assertEquals("root|null", get("$PARENT_SCOPE_HEADER: $long129"))
        assertEquals("root|null", get("$TRACEPARENT_HEADER: $long8k"))
        assertEquals("root|null", get("$CORRELATION_ID_HEADER: $long8k"))
        assertEquals(3L, stats.rejected(HeaderRejection.TOO_LONG))
        val log = testLogText().drop(before)
        assertTrue("(129 chars)" in log && "(8000 chars)" in log, log)
        assertFalse(long129 in log || "bbbbbbbbbb" in log)
        val spans = exported(3)
        for (span in spans) assertFalse(span.toString().contains("aaaaaaaaaa") || span.toString().contains("bbbbbbbbbb"))
        assertTrue(spans.all { it.parentSpanId == 0L && it.correlationId == null })
    }

    // Reliability matrix: H4
    @Test
    fun `hostile characters are rejected and never echoed into the response or the logs`() {
        val before = testLogText().length
        val hostile = listOf(
            "zq9nul\u0000b", "zq9tab\tb", "zq9del\u007fb", "zq9pct%0d%0a", "zq9sp ace",
            "zq9\"quote\"", "zq9é", "zq9😀", "zq9\u2028", "zq9ansi\u001b[31m",
        )
        for (value in hostile) {
            for (header in listOf(PARENT_SCOPE_HEADER, TRACEPARENT_HEADER, TRACENTIC_SCOPE_HEADER, CORRELATION_ID_HEADER)) {
                val response = rawGet(server.port, "/echo", "$header: $value")
                assertEquals(200, statusOf(response))
                assertFalse("zq9" in response, "echoed: $response")
                assertEquals("root|null", response.substringAfter("\r\n\r\n"))
            }
        }
        assertEquals(hostile.size * 4L, stats.rejected(HeaderRejection.MALFORMED))
        assertFalse("zq9" in testLogText().drop(before))
        assertTrue(exported(hostile.size * 4).none { "zq9" in it.toString() || it.logicalParentId != null })
    }

    // Reliability matrix: H4
    @Test
    fun `a CR LF injection splits into a separate header on the wire and never reaches the response`() {
        for (header in listOf(PARENT_SCOPE_HEADER, TRACEPARENT_HEADER, TRACENTIC_SCOPE_HEADER, CORRELATION_ID_HEADER)) {
            val response = rawGet(server.port, "/echo", "$header: zq9inj\r\nX-Injected: 1")
            assertEquals(200, statusOf(response))
            assertFalse("Injected" in response, response)
        }
        // What arrives is "zq9inj": not a scope id nor a traceparent, but a well-formed correlation or logical id.
        assertEquals(2L, stats.rejected(HeaderRejection.MALFORMED))
        assertEquals(1, exported(4).count { it.logicalParentId == "zq9inj" })
    }

    // Reliability matrix: H5
    @Test
    fun `upper case, wrong lengths and all-zero ids are rejected, not normalised`() {
        val bad = listOf(
            "${traceId.uppercase()}-$spanId",
            "${traceId.drop(1)}-$spanId",
            "${traceId}0-$spanId",
            "$traceId-${spanId.drop(1)}",
            "${"0".repeat(32)}-$spanId",
            "$traceId-${"0".repeat(16)}",
        )
        for (value in bad) assertEquals("root|null", get("$PARENT_SCOPE_HEADER: $value"), value)
        for (value in listOf("00-${traceId.uppercase()}-$spanId-01", "00-${"0".repeat(32)}-$spanId-01", "ff-$traceId-$spanId-01")) {
            assertEquals("root|null", get("$TRACEPARENT_HEADER: $value"), value)
        }
        assertEquals(9L, stats.rejected(HeaderRejection.MALFORMED))
        assertTrue(exported(9).all { it.parentSpanId == 0L })
    }

    // Reliability matrix: H6
    @Test
    fun `repeated or comma-joined headers are rejected`() {
        assertEquals("root|null", get("$PARENT_SCOPE_HEADER: $scopeId", "$PARENT_SCOPE_HEADER: $scopeId"))
        assertEquals("root|null", get("$PARENT_SCOPE_HEADER: $scopeId,$scopeId"))
        assertEquals("root|null", get("$TRACEPARENT_HEADER: 00-$traceId-$spanId-01, 00-$traceId-$spanId-01"))
        assertEquals(1L, stats.rejected(HeaderRejection.REPEATED))
        assertEquals(2L, stats.rejected(HeaderRejection.MALFORMED))
        assertNull(exported(3).firstOrNull { it.parentSpanId != 0L })
    }
}
