package dev.spanwise.tracing.export

import dev.spanwise.tracing.exporters.OtlpHttpExporter
import dev.spanwise.tracing.internal.pipeline.BatchingPipeline
import dev.spanwise.tracing.internal.pipeline.flush
import dev.spanwise.tracing.internal.pipeline.shutdown
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.model.internal.Clock
import dev.spanwise.tracing.model.internal.ThrottledLogger
import dev.spanwise.tracing.testing.FakeReceiver
import dev.spanwise.tracing.testing.Reply
import dev.spanwise.tracing.testing.Spans
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.runBlocking
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.milliseconds

/** The byte bound covers spans taken from the queue into a batch until they are delivered or dropped. */
class ByteBoundTest {
    @Test
    fun `1 MB spans during an outage with a flush every 4 spans stay within maxBufferedBytes, the rest counted as BUFFER_FULL`(): Unit =
        runBlocking {
            FakeReceiver { Reply(503, "down") }.use { receiver ->
                val exporter = OtlpHttpExporter(OtlpHttpExporter.tracesUrl(receiver.url), HttpExporterConfig().apply { maxAttempts = 1 })
                val config = BatchingConfig().apply {
                    maxBufferedBytes = 8L * 1024 * 1024
                    flushInterval = 10.milliseconds
                    maxRetryBackoff = 50.milliseconds
                }
                val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
                val pipeline = BatchingPipeline(exporter, config, scope, Clock.SYSTEM, ThrottledLogger("test"))
                pipeline.start()
                val content = "p".repeat(1_000_000)
                val spans = List(48) { Spans.span(name = "s$it", spanId = 1000L + it, llm = Spans.llm(input = content)) }
                val spanBytes = spans[0].estimatedBytes.toLong()
                var peakPending = 0L
                for ((i, span) in spans.withIndex()) {
                    pipeline.offer(span)
                    if (i % 4 == 3) pipeline.flush(20.milliseconds)
                    val s = pipeline.snapshot()
                    peakPending = maxOf(peakPending, s.pending)
                    assertTrue(s.pending * spanBytes <= config.maxBufferedBytes, "after span $i: ${s.pending} spans of $spanBytes bytes pending")
                    assertTrue(pipeline.bufferedBytes() <= config.maxBufferedBytes, "after span $i: ${pipeline.bufferedBytes()} bytes counted")
                    assertEquals(s.pending * spanBytes, pipeline.bufferedBytes(), "every pending span's bytes are counted")
                }
                val beforeShutdown = pipeline.snapshot()
                assertTrue(beforeShutdown.dropped(DropReason.BUFFER_FULL) > 0, beforeShutdown.toString())
                val end = pipeline.shutdown(300.milliseconds)
                assertEquals(48L, end.exported + end.droppedTotal + end.pending, end.toString())
                assertEquals(0L, end.pending)
                assertEquals(0L, pipeline.bufferedBytes())
                assertEquals(setOf(DropReason.BUFFER_FULL, DropReason.SHUTDOWN_TIMEOUT), end.dropped.keys, end.toString())
                println("byte bound: peak pending $peakPending spans of $spanBytes bytes, $end")
                scope.cancel()
            }
        }
}
