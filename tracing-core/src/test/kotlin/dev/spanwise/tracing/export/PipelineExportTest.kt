package dev.spanwise.tracing.export

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.testing.FakeReceiver
import dev.spanwise.tracing.testing.Reply
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** Exporters behind the real batching pipeline, real time: A1, A7 (scaled down), A13, G1. */
class PipelineExportTest {
    private fun spanIds(body: String): List<String> = Regex("\"spanId\":\"([0-9a-f]{16})\"").findAll(body).map { it.groupValues[1] }.toList()

    // Reliability matrix: A1
    @Test
    fun `10 000 spans reach a healthy OTLP backend in exactly 20 requests`(): Unit = runBlocking {
        FakeReceiver().use { receiver ->
            val tracing = Tracing {
                serviceName = "a1"
                exporter = Exporters.otlpHttp(receiver.url)
                batching { queueCapacity = 16_384 }
            }
            val produced = List(10_000) { tracing.begin("s$it").also { s -> s.end() } }.size
            val result = tracing.shutdown(20.seconds)
            assertEquals(produced.toLong(), result.exported)
            assertEquals(0L, result.droppedTotal)
            assertEquals(20, receiver.requests.size)
            val ids = receiver.requests.flatMap { spanIds(it.body) }
            assertEquals(10_000, ids.size)
            assertEquals(10_000, ids.toSet().size, "no duplicates")
        }
    }

    // Reliability matrix: A7
    @Test
    fun `an outage then recovery loses nothing (G1 with no drops)`(): Unit = runBlocking {
        val upAt = System.nanoTime() + 2_500_000_000L
        FakeReceiver { if (System.nanoTime() < upAt) Reply(503) else Reply(200) }.use { receiver ->
            val tracing = Tracing {
                serviceName = "a7"
                exporter = Exporters.otlpHttp(receiver.url)
                batching {
                    queueCapacity = 4096
                    maxBatchSize = 64
                    flushInterval = 200.milliseconds
                }
            }
            var produced = 0
            repeat(30) {
                repeat(10) {
                    tracing.begin("s$produced").end()
                    produced++
                }
                delay(100)
            }
            val result = tracing.shutdown(15.seconds)
            val delivered = receiver.requests.filter { System.nanoTime() >= 0 }.let { reqs ->
                // Only bodies answered with 2xx count: those sent after the backend came up.
                reqs.filter { it.nanoTime >= upAt }.flatMap { spanIds(it.body) }
            }
            assertEquals(0L, result.droppedTotal, "dropped: ${result.dropped}")
            assertEquals(produced.toLong(), result.exported)
            assertEquals(produced, delivered.toSet().size)
            assertEquals(produced.toLong(), delivered.toSet().size + result.droppedTotal, "G1")
        }
    }

    // Reliability matrix: A13
    @Test
    fun `flush with a 2 s timeout returns on time while the backend says Retry-After 10`(): Unit = runBlocking {
        FakeReceiver { Reply(503, "{}", mapOf("Retry-After" to "10")) }.use { receiver ->
            val tracing = Tracing {
                serviceName = "a13"
                exporter = Exporters.otlpHttp(receiver.url)
            }
            repeat(5) { tracing.begin("s$it").end() }
            val started = System.nanoTime()
            val result = tracing.flush(2.seconds)
            val elapsedMs = (System.nanoTime() - started) / 1_000_000
            println("A13: flush returned after $elapsedMs ms with $result")
            assertTrue(elapsedMs in 1_750..2_250, "flush took $elapsedMs ms")
            assertEquals(5L, result.pending)
            assertEquals(1, receiver.requests.size, "no request during the Retry-After wait")
            val shutdown = tracing.shutdown(500.milliseconds)
            assertEquals(5L, shutdown.dropped(DropReason.SHUTDOWN_TIMEOUT))
        }
    }

    // Reliability matrix: C2
    @Test
    fun `401 drops each batch as unauthorized without disabling the exporter`(): Unit = runBlocking {
        FakeReceiver().use { receiver ->
            receiver.statuses(401, 401, 401)
            val tracing = Tracing {
                serviceName = "c2"
                exporter = Exporters.twoSignal("ts-key-123456", receiver.url)
            }
            repeat(3) {
                tracing.begin("batch$it").end()
                tracing.flush(5.seconds)
            }
            tracing.begin("batch4").end()
            val result = tracing.shutdown(5.seconds)
            assertEquals(3L, result.dropped(DropReason.UNAUTHORIZED))
            assertEquals(1L, result.exported)
            assertEquals(4, receiver.requests.size)
        }
    }
}
