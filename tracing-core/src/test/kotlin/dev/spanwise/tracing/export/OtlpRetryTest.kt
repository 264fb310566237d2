package dev.spanwise.tracing.export

import dev.spanwise.tracing.exporters.OtlpHttpExporter
import dev.spanwise.tracing.testing.FakeReceiver
import dev.spanwise.tracing.testing.Reply
import dev.spanwise.tracing.testing.Spans
import dev.spanwise.tracing.testing.VirtualTime
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.runTest
import java.time.Instant
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertIs
import kotlin.test.assertTrue

/** RELIABILITY §9 A and B against a scripted backend on a loopback socket, backoff in virtual time. */
class OtlpRetryTest {
    private val receiver = FakeReceiver()
    private val seed = System.nanoTime().also { println("OtlpRetryTest jitter seed: $it") }

    @AfterTest
    fun stop() = receiver.close()

    private fun TestScope.exporter(time: VirtualTime = VirtualTime.seeded(testScheduler, seed), configure: HttpExporterConfig.() -> Unit = {}) =
        OtlpHttpExporter(OtlpHttpExporter.tracesUrl(receiver.url), HttpExporterConfig().apply(configure), time) to time

    private fun spanIdsOf(body: String): Set<String> =
        Regex("\"spanId\":\"([0-9a-f]{16})\"").findAll(body).map { it.groupValues[1] }.toSet()

    // Reliability matrix: A2
    @Test
    fun `503 three times then 200 delivers once after 4 attempts with jittered backoff`(): Unit = runTest {
        receiver.statuses(503, 503, 503, 200)
        val (exporter, time) = exporter()
        val batch = Spans.many(1000)
        assertEquals(ExportResult.Success, exporter.export(batch))
        assertEquals(4, receiver.requests.size)
        val expected = listOf(1000.0, 1500.0, 2250.0)
        assertEquals(3, time.sleeps.size)
        time.sleeps.zip(expected).forEach { (slept, base) -> assertTrue(slept in (0.8 * base).toLong()..(1.2 * base).toLong(), "$slept vs $base") }
        val delivered = spanIdsOf(receiver.requests.last().body)
        assertEquals(batch.map { it.spanIdHex }.toSet(), delivered)
        exporter.shutdown()
    }

    // Reliability matrix: A3
    @Test
    fun `one retryable status then success takes exactly 2 attempts`(): Unit = runTest {
        for (status in listOf(429, 502, 503, 504)) {
            receiver.requests.clear()
            receiver.statuses(status, 200)
            val (exporter, _) = exporter()
            assertEquals(ExportResult.Success, exporter.export(Spans.many(3)), "status $status")
            assertEquals(2, receiver.requests.size, "status $status")
            exporter.shutdown()
        }
    }

    // Reliability matrix: A4 C6
    @Test
    fun `non-retryable statuses take 1 attempt and name the drop reason`(): Unit = runTest {
        for (status in listOf(400, 401, 403, 404, 408, 413, 500, 501)) {
            receiver.requests.clear()
            receiver.statuses(status)
            val (exporter, _) = exporter()
            val result = exporter.export(Spans.many(3))
            assertIs<ExportResult.Failure>(result, "status $status")
            assertEquals(false, result.retryable, "status $status")
            val reason = if (status == 401 || status == 403) DropReason.UNAUTHORIZED else DropReason.NON_RETRYABLE
            assertEquals(reason, result.reason, "status $status")
            assertEquals(1, receiver.requests.size, "status $status")
            exporter.shutdown()
        }
    }

    // Reliability matrix: A10
    @Test
    fun `partial success counts rejected spans, zero or absent is success`(): Unit = runTest {
        val (exporter, _) = exporter()
        receiver.enqueue(Reply(200, """{"partialSuccess":{"rejectedSpans":"3","errorMessage":"x\r\ny"}}"""))
        val r1 = exporter.export(Spans.many(10))
        assertIs<ExportResult.PartialSuccess>(r1)
        assertEquals(3L, r1.rejected)
        assertEquals("x\\r\\ny", r1.message)
        receiver.enqueue(Reply(200, """{"partialSuccess":{"rejectedSpans":3}}"""))
        assertEquals(3L, (exporter.export(Spans.many(10)) as ExportResult.PartialSuccess).rejected)
        for (body in listOf("""{"partialSuccess":{"rejectedSpans":0,"errorMessage":"hint"}}""", "{}", "", "not json")) {
            receiver.enqueue(Reply(200, body))
            assertEquals(ExportResult.Success, exporter.export(Spans.many(2)), body)
        }
        assertEquals(6, receiver.requests.size)
        exporter.shutdown()
    }

    // Reliability matrix: B1
    @Test
    fun `429 with Retry-After 2 waits exactly 2 s, for every batch of the exporter`(): Unit = runTest {
        val (exporter, time) = exporter { maxAttempts = 1 }
        receiver.enqueue(Reply(429, "{}", mapOf("Retry-After" to "2")))
        val t0 = testScheduler.currentTime
        val first = exporter.export(Spans.many(1))
        assertIs<ExportResult.Failure>(first)
        assertEquals(2000L, first.retryAfterMillis)
        // Another batch right away must not be sent before t0 + 2 s.
        assertEquals(ExportResult.Success, exporter.export(Spans.many(1)))
        assertEquals(listOf(2000L), time.sleeps.toList())
        assertEquals(t0 + 2000, testScheduler.currentTime)
        assertEquals(2, receiver.requests.size)
        exporter.shutdown()
    }

    // Reliability matrix: B1 B5
    @Test
    fun `Retry-After is honoured within one call for 429 and 503`(): Unit = runTest {
        for ((status, seconds) in listOf(429 to 2L, 503 to 3L)) {
            val (exporter, time) = exporter()
            receiver.enqueue(Reply(status, "{}", mapOf("Retry-After" to "$seconds")))
            assertEquals(ExportResult.Success, exporter.export(Spans.many(1)))
            assertEquals(listOf(seconds * 1000), time.sleeps.toList(), "status $status")
            exporter.shutdown()
        }
    }

    // Reliability matrix: B2
    @Test
    fun `Retry-After as an HTTP date, future and past`(): Unit = runTest {
        val fmt = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC)
        val (exporter, time) = exporter()
        val future = fmt.format(Instant.ofEpochMilli(time.epochMillis() + 5000))
        receiver.enqueue(Reply(503, "{}", mapOf("Retry-After" to future)))
        assertEquals(ExportResult.Success, exporter.export(Spans.many(1)))
        assertTrue(time.sleeps.single() in 4000L..6000L, "${time.sleeps}")
        time.sleeps.clear()
        val past = fmt.format(Instant.ofEpochMilli(time.epochMillis() - 60_000))
        receiver.enqueue(Reply(503, "{}", mapOf("Retry-After" to past)))
        assertEquals(ExportResult.Success, exporter.export(Spans.many(1)))
        assertEquals(listOf(0L), time.sleeps.toList())
        exporter.shutdown()
    }

    // Reliability matrix: B3
    @Test
    fun `malformed Retry-After falls back to backoff, fractional seconds are honoured`(): Unit = runTest {
        for (value in listOf("soon", "-1", "1e9", "", "1.5.2")) {
            val (exporter, time) = exporter()
            receiver.enqueue(Reply(503, "{}", mapOf("Retry-After" to value)))
            assertEquals(ExportResult.Success, exporter.export(Spans.many(1)))
            assertTrue(time.sleeps.single() in 800L..1200L, "'$value' -> ${time.sleeps}")
            exporter.shutdown()
        }
        val (exporter, time) = exporter()
        receiver.enqueue(Reply(503, "{}", mapOf("Retry-After" to "2.5")))
        assertEquals(ExportResult.Success, exporter.export(Spans.many(1)))
        assertEquals(listOf(2500L), time.sleeps.toList())
        exporter.shutdown()
    }

    // Reliability matrix: B4
    @Test
    fun `a huge Retry-After is capped at 60 s and handed back instead of sleeping past the call budget`(): Unit = runTest {
        val (exporter, time) = exporter()
        receiver.enqueue(Reply(429, "{}", mapOf("Retry-After" to "86400")))
        val result = exporter.export(Spans.many(1))
        assertIs<ExportResult.Failure>(result)
        assertTrue(result.retryable)
        assertEquals(60_000L, result.retryAfterMillis)
        assertTrue(time.sleeps.isEmpty())
        assertEquals(1, receiver.requests.size)
        exporter.shutdown()
    }

    @Test
    fun `a call that runs out of attempts suggests the next backoff step and names the retryable reason, not a Retry-After`(): Unit = runTest {
        val (exporter, _) = exporter()
        receiver.statuses(503, 503, 503, 503, 503)
        val result = exporter.export(Spans.many(1))
        assertIs<ExportResult.Failure>(result)
        assertTrue(result.retryable)
        assertEquals(DropReason.RETRIES_EXHAUSTED, result.reason)
        assertEquals(null, result.retryAfterMillis, "the backend sent no Retry-After")
        assertEquals(5062L, result.suggestedBackoffMillis, "1 s x 1.5^4")
        assertEquals(5, receiver.requests.size)
        exporter.shutdown()
    }

    // Reliability matrix: C1
    @Test
    fun `400 is dropped once with the server text escaped and bounded`(): Unit = runTest {
        val (exporter, _) = exporter()
        receiver.enqueue(Reply(400, "%s %d {} \r\n[ERROR] forged" + "x".repeat(5000)))
        val result = exporter.export(Spans.many(1))
        assertIs<ExportResult.Failure>(result)
        val message = result.cause!!.message!!
        assertTrue(message.startsWith("HTTP 400: %s %d {} \\r\\n[ERROR] forged"), message)
        assertTrue(!message.contains('\n') && !message.contains('\r'))
        assertTrue(message.length <= 1100, "bounded: ${message.length}")
        assertEquals(1, receiver.requests.size)
        exporter.shutdown()
    }

    // Reliability matrix: C7
    @Test
    fun `oversized and gzip-bomb 2xx answers are read only up to 4 MiB`(): Unit = runTest {
        val (exporter, _) = exporter()
        receiver.enqueue(Reply(200, ByteArray(5 * 1024 * 1024) { 'a'.code.toByte() }))
        assertEquals(ExportResult.Success, exporter.export(Spans.many(1)))
        val bomb = java.io.ByteArrayOutputStream().also { out ->
            java.util.zip.GZIPOutputStream(out).use { gz ->
                val zeros = ByteArray(1 shl 20)
                repeat(100) { gz.write(zeros) }
            }
        }.toByteArray()
        assertTrue(bomb.size < 200_000)
        receiver.enqueue(Reply(200, bomb, mapOf("Content-Encoding" to "gzip")))
        assertEquals(ExportResult.Success, exporter.export(Spans.many(1)))
        exporter.shutdown()
    }

    // Reliability matrix: C8
    @Test
    fun `an unsupported response encoding is a non-retryable failure after 1 attempt`(): Unit = runTest {
        val (exporter, _) = exporter()
        receiver.enqueue(Reply(200, "xx", mapOf("Content-Encoding" to "br")))
        val result = exporter.export(Spans.many(1))
        assertIs<ExportResult.Failure>(result)
        assertEquals(false, result.retryable)
        assertEquals(1, receiver.requests.size)
        exporter.shutdown()
    }

    // Reliability matrix: K5
    @Test
    fun `a 307 redirect is not followed and the target sees nothing`(): Unit = runTest {
        FakeReceiver().use { elsewhere ->
            val (exporter, _) = exporter { header("x-api-key", "canary-key-123456") }
            receiver.enqueue(Reply(307, "", mapOf("Location" to elsewhere.url + "/v1/traces")))
            val result = exporter.export(Spans.many(1))
            assertIs<ExportResult.Failure>(result)
            assertEquals(DropReason.NON_RETRYABLE, result.reason)
            assertEquals(false, result.retryable)
            assertEquals(0, elsewhere.requests.size)
            assertEquals(1, receiver.requests.size)
            exporter.shutdown()
        }
    }
}
