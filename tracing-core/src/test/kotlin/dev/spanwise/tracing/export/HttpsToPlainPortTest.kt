package dev.spanwise.tracing.export

import ch.qos.logback.classic.Level
import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.testing.LogCapture
import dev.spanwise.tracing.testing.PlainPortServer
import dev.spanwise.tracing.testing.Spans
import kotlinx.coroutines.runBlocking
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * RELIABILITY N5: an `https://` endpoint whose port serves plain HTTP, or accepts TCP and never
 * answers the handshake, is a configuration error: dropped as `TLS` at once (not retried), with an
 * ERROR naming the host and port, the reason and the fix.
 */
class HttpsToPlainPortTest {
    private fun tlsFailure(result: ExportResult): String {
        assertIs<ExportResult.Failure>(result, "export must fail: $result")
        assertEquals(DropReason.TLS, result.reason, result.toString())
        assertFalse(result.retryable, "not retried: $result")
        return result.cause?.message.orEmpty()
    }

    @Test
    fun `a port that answers the handshake with plain HTTP is dropped as TLS, naming host, reason and fix`(): Unit = runBlocking {
        PlainPortServer(answerHttp = true).use { server ->
            val where = "localhost:${server.port}"
            val exporter = Exporters.otlpHttp(server.httpsUrl("localhost"))
            val message = tlsFailure(exporter.export(Spans.many(2)))
            exporter.shutdown()
            println("N5 plain HTTP: $message")
            assertTrue(message.contains(where) && message.contains("plain HTTP"), message)
            assertTrue(message.contains("use http://$where"), "names the fix: $message")
            assertEquals(1, server.connections.get(), "one attempt, no retry")
        }
    }

    @Test
    fun `a port that never answers the handshake is dropped as TLS within the request timeout, once`(): Unit = runBlocking {
        PlainPortServer(answerHttp = false).use { server ->
            LogCapture.capture { logs ->
                val tracing = Tracing {
                    serviceName = "plain-port"
                    registerShutdownHook = false
                    exporter = Exporters.otlpHttp(server.httpsUrl("localhost")) { requestTimeout = 800.milliseconds }
                }
                repeat(3) { tracing.begin("op-$it").end() }
                val started = System.nanoTime()
                val result = tracing.shutdown(5.seconds)
                val tookMs = (System.nanoTime() - started) / 1_000_000
                println("N5 silent port: $result after $tookMs ms")
                assertEquals(3, result.dropped(DropReason.TLS), result.toString())
                assertEquals(0, result.pending, result.toString())
                assertTrue(tookMs < 3_000, "bounded by the request timeout, not retried: $tookMs ms")
                assertEquals(1, server.connections.get(), "one attempt, no retry")
                val errors = logs.messages(Level.ERROR)
                assertEquals(1, errors.size, "$errors")
                val where = "localhost:${server.port}"
                assertTrue(errors[0].contains(where) && errors[0].contains("did not answer the TLS handshake"), errors[0])
                assertTrue(errors[0].contains("use http://$where"), errors[0])
            }
        }
    }
}
