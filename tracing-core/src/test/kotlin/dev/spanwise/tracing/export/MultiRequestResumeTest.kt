package dev.spanwise.tracing.export

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.TracenticExporter
import dev.spanwise.tracing.exporters.TwoSignalExporter
import dev.spanwise.tracing.testing.DedupBackend
import dev.spanwise.tracing.testing.Reply
import dev.spanwise.tracing.testing.Wire
import kotlinx.coroutines.runBlocking
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * Batches that need several requests against a backend slower than `exportTimeout` allows for all
 * of them: progress survives the cut-off call, nothing answered 2xx is sent again, and the
 * destination keeps flowing.
 */
class MultiRequestResumeTest {
    private fun tracing(exporter: SpanExporter, concurrent: Int = 1) = Tracing {
        serviceName = "resume-test"
        this.exporter = exporter
        batching {
            exportTimeout = 1500.milliseconds
            maxBatchSize = 40
            flushInterval = 1.seconds
            maxConcurrentExports = concurrent
            maxRetryBackoff = 100.milliseconds
        }
    }

    private fun Tracing.recordTree(spans: Int) {
        val root = begin("root")
        repeat(spans - 1) { root.createChild("c$it").end() }
        root.end()
    }

    @Test
    fun `a 2Signal batch of several requests slower than the export timeout is delivered once and the queue keeps flowing`(): Unit = runBlocking {
        DedupBackend(Wire.TWO_SIGNAL) { Reply(201, "{}", delayMillis = 500) }.use { backend ->
            val exporter = TwoSignalExporter(TwoSignalExporter.ingestUrl(backend.url), "ts-key-123456", HttpExporterConfig(), maxEvents = 10)
            val t = tracing(exporter)
            t.recordTree(40) // 41 events: 5 requests of 500 ms, more than 1.5 s
            val first = t.flush(20.seconds)
            t.recordTree(40)
            val result = t.shutdown(20.seconds)
            assertEquals(0, backend.duplicates.get(), "spans sent again after their 2xx")
            assertEquals(80, backend.delivered.size)
            assertEquals(40L, first.exported, first.toString())
            assertEquals(80L, result.exported, result.toString())
            assertEquals(0L, result.droppedTotal + result.pending, result.toString())
            assertEquals(10, backend.requests.get(), "no request abandoned by a cancelled call")
        }
    }

    @Test
    fun `a Tracentic batch split by 413 against a slow backend resumes after the export timeout without re-sending halves`(): Unit = runBlocking {
        DedupBackend(Wire.TRACENTIC) { req ->
            if (Wire.TRACENTIC.spanIds(req.body).size > 10) Reply(413, "too large", delayMillis = 300) else Reply(200, "{}", delayMillis = 300)
        }.use { backend ->
            val exporter = TracenticExporter(TracenticExporter.ingestUrl(backend.url), "tr-key-123456", HttpExporterConfig())
            val t = tracing(exporter)
            t.recordTree(40)
            val result = t.shutdown(30.seconds)
            assertEquals(0, backend.duplicates.get(), "spans sent again after their 2xx")
            assertEquals(40, backend.delivered.size)
            assertEquals(40L, result.exported, result.toString())
            assertEquals(0L, result.droppedTotal + result.pending, result.toString())
        }
    }

    @Test
    fun `vendor exporters called 4 at a time against a slow failing backend keep each batch's progress apart`(): Unit = runBlocking {
        for (wire in listOf(Wire.TWO_SIGNAL, Wire.TRACENTIC)) {
            var n = 0
            DedupBackend(wire) { req ->
                val k = synchronized(this) { n++ }
                when {
                    k % 4 == 3 -> Reply(503, "busy", delayMillis = 100)
                    wire == Wire.TRACENTIC && wire.spanIds(req.body).size > 6 -> Reply(413, "too large", delayMillis = 100)
                    else -> Reply(201, "{}", delayMillis = 100)
                }
            }.use { backend ->
                val config = HttpExporterConfig().apply {
                    maxConcurrentRequests = 4
                    maxAttempts = 1
                }
                val exporter = if (wire == Wire.TWO_SIGNAL) {
                    TwoSignalExporter(TwoSignalExporter.ingestUrl(backend.url), "ts-key-123456", config, maxEvents = 7)
                } else {
                    TracenticExporter(TracenticExporter.ingestUrl(backend.url), "tr-key-123456", config)
                }
                val t = tracing(exporter, concurrent = 4)
                repeat(8) { t.recordTree(25) }
                val result = t.shutdown(30.seconds)
                assertEquals(0, backend.duplicates.get(), "$wire: spans sent again after their 2xx")
                assertEquals(200, backend.delivered.size, "$wire: $result")
                assertEquals(200L, result.exported, "$wire: $result")
                assertEquals(0L, result.droppedTotal + result.pending, "$wire: $result")
                assertTrue(backend.receiver.maxConcurrent.get() > 1, "$wire: exports overlapped")
            }
        }
    }
}
