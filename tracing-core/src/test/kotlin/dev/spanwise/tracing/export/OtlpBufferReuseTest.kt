package dev.spanwise.tracing.export

import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.exporters.OtlpHttpExporter
import dev.spanwise.tracing.exporters.internal.encode.GenAiVocabulary
import dev.spanwise.tracing.exporters.internal.encode.OtlpJsonEncoder
import dev.spanwise.tracing.exporters.internal.http.RequestBody
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.testing.FakeReceiver
import dev.spanwise.tracing.testing.Reply
import dev.spanwise.tracing.testing.Spans
import dev.spanwise.tracing.testing.VirtualTime
import io.ktor.http.ContentType
import io.ktor.http.content.OutgoingContent
import io.ktor.utils.io.ByteChannel
import io.ktor.utils.io.readRemaining
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.yield
import kotlinx.io.readByteArray
import java.io.IOException
import java.util.concurrent.atomic.AtomicInteger
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/** The OTLP exporter sends pooled request buffers without copying them, and never reuses one too early. */
class OtlpBufferReuseTest {
    private val receiver = FakeReceiver()
    private val encoder = OtlpJsonEncoder(GenAiVocabulary)

    @AfterTest
    fun stop() = receiver.close()

    @Test
    fun `a large batch then a small one - the second body is exactly its own request, no stale bytes`(): Unit = runBlocking {
        val exporter = Exporters.otlpHttp(receiver.url)
        val big = Spans.many(300, bytesEach = 2000)
        val small = Spans.many(2)
        assertEquals(ExportResult.Success, exporter.export(big))
        assertEquals(ExportResult.Success, exporter.export(small))
        exporter.shutdown()
        val (first, second) = receiver.requests
        assertEquals(encoder.encodeRequest(big), first.body)
        assertEquals(encoder.encodeRequest(small), second.body)
        assertEquals(second.rawBody.size.toString(), second.header("Content-Length"))
        assertEquals(1, exporter.writers.retained, "the buffer went back to the pool")
    }

    @Test
    fun `concurrent exports with retries each send their own bytes on every attempt`(): Unit = runTest {
        val requests = AtomicInteger()
        // Every third request is refused with a retryable status; answers come back at staggered times.
        receiver.fallback = { if (requests.incrementAndGet() % 3 == 0) Reply(503, "busy") else Reply(200, "{}", delayMillis = (requests.get() % 4) * 15L) }
        val exporter = OtlpHttpExporter(
            OtlpHttpExporter.tracesUrl(receiver.url),
            HttpExporterConfig().apply { maxConcurrentRequests = 6 },
            VirtualTime(testScheduler),
        )
        val batches = List(12) { i ->
            List(if (i % 2 == 0) 200 else 3) { j ->
                Spans.span(name = "b$i-s$j", spanId = 1L + i * 10_000L + j, llm = if (i % 3 == 0) Spans.llm(input = "x".repeat(500)) else null)
            }
        }
        val expected = batches.map { encoder.encodeRequest(it) }.toSet()
        // Like the pipeline: a batch the exporter hands back as retryable is exported again.
        val results = batches.map { batch ->
            async {
                var result = exporter.export(batch)
                while (result is ExportResult.Failure && result.retryable) result = exporter.export(batch)
                result
            }
        }.awaitAll()
        exporter.shutdown()
        assertTrue(results.all { it == ExportResult.Success }, results.toString())
        assertTrue(receiver.requests.size > batches.size, "some requests were retried")
        for (r in receiver.requests) assertTrue(r.body in expected, "a body that is not one of the requests (${r.rawBody.size} bytes)")
        assertEquals(expected, receiver.requests.map { it.body }.toSet(), "every batch arrived, each exactly as encoded")
        assertTrue(exporter.writers.retained in 1..4)
    }

    @Test
    fun `gzip compresses only the written part of the buffer`(): Unit = runBlocking {
        val exporter = Exporters.otlpHttp(receiver.url) { gzip = true }
        val big = Spans.many(100, bytesEach = 1000)
        val small = Spans.many(1)
        exporter.export(big)
        exporter.export(small)
        exporter.shutdown()
        assertEquals(encoder.encodeRequest(small), receiver.requests[1].body)
        assertEquals("gzip", receiver.requests[1].header("Content-Encoding"))
    }

    @Test
    fun `a request body sends only its slice, and a writer that outlives the request keeps the buffer from reuse`(): Unit = runBlocking {
        val buffer = ByteArray(4 * 1024 * 1024) { (it % 251).toByte() }
        val slice = RequestBody(buffer, 10)
        val out = ByteChannel()
        (slice.content(ContentType.Application.Json) as OutgoingContent.WriteChannelContent).writeTo(out)
        out.flushAndClose()
        assertContentEquals(buffer.copyOf(10), out.readRemaining().readByteArray())
        assertTrue(slice.release(), "no writer: the buffer may be reused")
        assertFailsWith<IOException>("a late writer must not read a released buffer") {
            (slice.content(ContentType.Application.Json) as OutgoingContent.WriteChannelContent).writeTo(ByteChannel())
        }

        // A writer stuck on a peer that does not read holds the whole body.
        val whole = RequestBody(buffer)
        val stuck = ByteChannel()
        val writer = launch { (whole.content(ContentType.Application.Json) as OutgoingContent.WriteChannelContent).writeTo(stuck) }
        repeat(10) { yield() }
        assertFalse(whole.release(), "the buffer is still being read")
        val read = async { stuck.readRemaining().readByteArray() }
        writer.join()
        stuck.flushAndClose()
        assertContentEquals(buffer, read.await())
    }
}
