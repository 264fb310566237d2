package dev.spanwise.tracing.export

import ch.qos.logback.classic.Level
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.testing.FakeReceiver
import dev.spanwise.tracing.testing.LogCapture
import dev.spanwise.tracing.testing.Reply
import dev.spanwise.tracing.testing.Spans
import kotlinx.coroutines.runBlocking
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/** C1, C2, I4: failures are logged throttled, escaped, and without keys or bodies of auth failures. */
class ExportLoggingTest {
    // Reliability matrix: C1 I4
    @Test
    fun `100 consecutive 400s log at most 5 WARN lines, escaped and parameterised`(): Unit = runBlocking {
        FakeReceiver { Reply(400, "%s %d {} \r\n[ERROR] forged") }.use { receiver ->
            val exporter = Exporters.otlpHttp(receiver.url)
            val warnings = LogCapture.capture("dev.spanwise") { logs ->
                repeat(100) { exporter.export(Spans.many(1)) }
                logs.messages(Level.WARN).filter { it.contains("HTTP 400") }
            }
            exporter.shutdown()
            assertEquals(100, receiver.requests.size, "each batch tried exactly once")
            assertTrue(warnings.size in 1..5, "${warnings.size} warnings")
            for (w in warnings) {
                assertTrue(w.contains("%s %d {} \\r\\n[ERROR] forged"), w)
                assertFalse(w.contains('\n') || w.contains('\r'))
            }
        }
    }

    // Reliability matrix: C2
    @Test
    fun `401 logs one ERROR naming the status, without the key or the body`(): Unit = runBlocking {
        val key = "ts-canary-0123456789"
        FakeReceiver { Reply(401, """{"error":"bad key $key","detail":"secret-body"}""") }.use { receiver ->
            val exporter = Exporters.twoSignal(key, receiver.url)
            val errors = LogCapture.capture("dev.spanwise") { logs ->
                repeat(3) { exporter.export(Spans.many(1)) }
                logs.messages(Level.ERROR)
            }
            exporter.shutdown()
            val auth = errors.filter { it.contains("authentication failed (401)") }
            assertEquals(1, auth.size, "$errors")
            assertTrue(errors.none { it.contains(key) || it.contains("secret-body") }, "$errors")
        }
    }

    // Reliability matrix: K4
    @Test
    fun `an API key over plain http to a non-loopback host warns at creation, loopback does not`(): Unit = runBlocking {
        val warnings = LogCapture.capture("dev.spanwise") { logs ->
            Exporters.tracentic("tk-0123456789", "http://ingest.example.com").shutdown()
            Exporters.twoSignal("ts-0123456789", "http://127.0.0.1:9").shutdown()
            Exporters.twoSignal("ts-0123456789", "https://api.example.com").shutdown()
            logs.messages(Level.WARN)
        }
        assertEquals(1, warnings.count { it.contains("plain http") }, "$warnings")
        assertTrue(warnings.single { it.contains("plain http") }.contains("ingest.example.com"))
        assertTrue(warnings.none { it.contains("0123456789") })
    }
}
