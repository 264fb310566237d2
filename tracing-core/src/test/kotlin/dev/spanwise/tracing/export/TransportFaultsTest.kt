package dev.spanwise.tracing.export

import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.testing.AllOutputCapture
import dev.spanwise.tracing.testing.FakeReceiver
import dev.spanwise.tracing.testing.RawServer
import dev.spanwise.tracing.testing.RawServer.Behaviour
import dev.spanwise.tracing.testing.Reply
import dev.spanwise.tracing.testing.Spans
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import java.net.ServerSocket
import java.net.URLEncoder
import java.util.Base64
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.milliseconds

/** RELIABILITY §9 A5, A9 (real sockets, real time) and I1/I2 (no secret anywhere). */
class TransportFaultsTest {
    private fun otlp(url: String, configure: HttpExporterConfig.() -> Unit = {}) = Exporters.otlpHttp(url, configure)

    // Reliability matrix: A5
    @Test
    fun `connection refused and DNS failure are retryable`(): Unit = runBlocking {
        val closedPort = ServerSocket(0).use { it.localPort }
        for (url in listOf("http://127.0.0.1:$closedPort", "http://spanwise-no-such-host.invalid")) {
            val exporter = otlp(url) {
                maxAttempts = 1
                connectTimeout = 2000.milliseconds
            }
            val result = exporter.export(Spans.many(1))
            assertIs<ExportResult.Failure>(result, url)
            assertTrue(result.retryable, "$url: $result")
            exporter.shutdown()
        }
    }

    // Reliability matrix: A5
    @Test
    fun `a server that never answers is abandoned at the request timeout and retried later`(): Unit = runBlocking {
        RawServer(listOf(Behaviour.NO_RESPONSE)).use { server ->
            val exporter = otlp(server.url) {
                maxAttempts = 1
                requestTimeout = 200.milliseconds
            }
            val started = System.nanoTime()
            val result = exporter.export(Spans.many(1))
            val elapsedMs = (System.nanoTime() - started) / 1_000_000
            assertIs<ExportResult.Failure>(result)
            assertTrue(result.retryable)
            println("A5 read timeout: attempt aborted after $elapsedMs ms (timeout 200 ms)")
            assertTrue(elapsedMs < 1000, "aborted after $elapsedMs ms")
            // Healthy again: the same batch is delivered once.
            assertEquals(ExportResult.Success, exporter.export(Spans.many(1)))
            exporter.shutdown()
        }
    }

    @Test
    fun `requests in flight never exceed maxConcurrentRequests`(): Unit = runBlocking {
        for (limit in listOf(1, 2)) {
            FakeReceiver { Reply(200, "{}", delayMillis = 300) }.use { receiver ->
                val exporter = otlp(receiver.url) { maxConcurrentRequests = limit }
                (1..4).map { async(Dispatchers.IO) { exporter.export(Spans.many(1)) } }.awaitAll()
                    .forEach { assertEquals(ExportResult.Success, it) }
                assertEquals(limit, receiver.maxConcurrent.get(), "limit $limit")
                assertEquals(limit, exporter.transport.maxInFlightSeen.get())
                exporter.shutdown()
            }
        }
    }

    // Reliability matrix: A9
    @Test
    fun `connection dropped after the request is re-sent with identical ids`(): Unit = runBlocking {
        RawServer(listOf(Behaviour.DISCONNECT_AFTER_REQUEST)).use { server ->
            val exporter = otlp(server.url)
            val batch = Spans.many(5)
            assertEquals(ExportResult.Success, exporter.export(batch))
            assertEquals(2, server.bodies.size)
            assertEquals(server.bodies[0], server.bodies[1], "re-sent body is byte-identical")
            exporter.shutdown()
        }
    }

    // Reliability matrix: I1 I2
    @Test
    fun `the API key never appears in logs, failures or toString`(): Unit = runBlocking {
        val key = "sk-canary-7f3e9a1b2c4d"
        val canaries = listOf(
            key,
            Base64.getEncoder().encodeToString("pk:$key".toByteArray()),
            URLEncoder.encode("$key+/=", "UTF-8"),
        )
        val (texts, logs) = AllOutputCapture.capture {
            runBlocking {
                val texts = ArrayList<String>()
                FakeReceiver().use { receiver ->
                    receiver.enqueue(
                        Reply(401, """{"error":"invalid key $key"}"""),
                        Reply(403, key),
                        Reply(400, "bad request for $key\r\n"),
                        Reply(413, key), Reply(413, key),
                        Reply(429, key, mapOf("Retry-After" to "0")), Reply(500, key), Reply(201, """{"accepted":0}"""),
                        Reply(307, key, mapOf("Location" to "http://127.0.0.1:1/steal?key=$key")),
                        Reply(200, "{}", delayMillis = 2000),
                    )
                    val tracentic = Exporters.tracentic(key, receiver.url) {
                        maxAttempts = 2
                        requestTimeout = 300.milliseconds
                    }
                    val twoSignal = Exporters.twoSignal(key, receiver.url) {
                        maxAttempts = 2
                        requestTimeout = 300.milliseconds
                    }
                    val otlp = Exporters.otlpHttp(receiver.url) {
                        header("Authorization", "Bearer $key")
                        maxAttempts = 1
                    }
                    repeat(7) { texts.add(tracentic.export(Spans.many(1)).toString()) }
                    texts.add(twoSignal.export(Spans.many(1)).toString())
                    texts.add(otlp.export(Spans.many(1)).toString())
                    texts.add(Exporters.twoSignal(key, "https://tls.invalid").export(Spans.many(1)).toString())
                    texts += listOf(tracentic.toString(), twoSignal.toString(), otlp.toString())
                    texts.add(HttpExporterConfig().header("x-api-key", key).toString())
                    tracentic.shutdown()
                    twoSignal.shutdown()
                    otlp.shutdown()
                    assertTrue(receiver.requests.isNotEmpty())
                }
                texts
            }
        }
        for (canary in canaries) {
            assertFalse(logs.contains(canary), "log output leaks the key")
            for (t in texts) assertFalse(t.contains(canary), "leak in: $t")
        }
        assertTrue(logs.contains("authentication failed (401)"), "the 401 is reported")
        assertTrue(logs.contains("DEBUG") || logs.contains("TRACE"), "debug-level logging was captured")
        assertTrue(texts.any { it.contains("***") })
    }
}
