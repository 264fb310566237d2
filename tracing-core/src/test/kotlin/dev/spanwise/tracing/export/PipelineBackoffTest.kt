package dev.spanwise.tracing.export

import dev.spanwise.tracing.exporters.OtlpHttpExporter
import dev.spanwise.tracing.internal.pipeline.BatchingPipeline
import dev.spanwise.tracing.internal.pipeline.shutdown
import dev.spanwise.tracing.model.internal.Clock
import dev.spanwise.tracing.model.internal.ThrottledLogger
import dev.spanwise.tracing.testing.Spans
import dev.spanwise.tracing.testing.VirtualTime
import io.ktor.client.engine.mock.MockEngine
import io.ktor.client.engine.mock.respond
import io.ktor.http.HttpStatusCode
import kotlinx.coroutines.test.StandardTestDispatcher
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.runTest
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.random.Random
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.seconds

/**
 * A6 in virtual time through the real batching pipeline: the transport's in-call retries and the
 * pipeline's cross-call retries form one non-shrinking backoff sequence capped at 30 s.
 */
class PipelineBackoffTest {
    /** A jitter source whose draws are all one half: the factor is 1.0, so gaps are the plain backoff. */
    private val noJitter = object : Random() {
        override fun nextBits(bitCount: Int): Int = 1 shl (bitCount - 1)
    }

    private fun TestScope.pipeline(exporter: SpanExporter, config: BatchingConfig): BatchingPipeline {
        val clock = object : Clock {
            override fun nowEpochNanos(): Long = testScheduler.currentTime * 1_000_000
            override fun nanoTime(): Long = testScheduler.currentTime * 1_000_000
        }
        return BatchingPipeline(exporter, config, backgroundScope, clock, ThrottledLogger("test"), noJitter).also { it.start() }
    }

    private fun TestScope.failingOtlp(times: MutableList<Long>, healthy: () -> Boolean): OtlpHttpExporter {
        val engine = MockEngine.create {
            dispatcher = StandardTestDispatcher(testScheduler)
            addHandler {
                times.add(testScheduler.currentTime)
                if (healthy()) respond("{}", HttpStatusCode.OK) else respond("", HttpStatusCode.ServiceUnavailable)
            }
        }
        return OtlpHttpExporter("http://collector.test/v1/traces", HttpExporterConfig().apply { this.engine = engine }, VirtualTime(testScheduler))
    }

    @Test
    fun `maxRetryBackoff caps every wait of a network exporter, within and between export calls`(): Unit = runTest {
        val times = CopyOnWriteArrayList<Long>()
        var healthy = false
        val exporter = failingOtlp(times) { healthy }
        val config = BatchingConfig().apply {
            flushInterval = 1.seconds
            maxRetryBackoff = 2.seconds
        }
        val pipeline = pipeline(exporter, config)
        pipeline.offer(Spans.span(name = "kept"))
        testScheduler.advanceTimeBy(120_000)
        testScheduler.runCurrent()
        val gaps = times.zipWithNext { a, b -> b - a }
        println("maxRetryBackoff 2 s, gaps (virtual ms): $gaps")
        assertTrue(gaps.size >= 30, "kept retrying: ${gaps.size} gaps")
        assertTrue(gaps.all { it <= 2_000 }, "gaps $gaps")
        assertTrue(gaps.takeLast(10).all { it == 2_000L }, "the cap is reached and held: $gaps")
        healthy = true
        testScheduler.advanceTimeBy(3_000)
        testScheduler.runCurrent()
        assertEquals(1L, pipeline.snapshot().exported)
        pipeline.shutdown(1.seconds)
    }

    // Reliability matrix: A6
    @Test
    fun `503 for 10 virtual minutes keeps the batch, requests stay few, gaps never shrink`(): Unit = runTest {
        val times = CopyOnWriteArrayList<Long>()
        var healthy = false
        val exporter = failingOtlp(times) { healthy } // transport jitter factor exactly 1.0
        val pipeline = pipeline(exporter, BatchingConfig().apply { flushInterval = 1.seconds })
        pipeline.offer(Spans.span(name = "kept"))
        testScheduler.advanceTimeBy(600_000)
        testScheduler.runCurrent()

        println("A6 request times (virtual ms): $times")
        assertTrue(times.size <= 30, "${times.size} requests in 10 minutes")
        val firstCall = times.takeWhile { it - times.first() < 9_000 }
        assertTrue(firstCall.size <= 5, "first call made ${firstCall.size} attempts")
        val gaps = times.zipWithNext { a, b -> b - a }
        assertTrue(gaps.all { it <= 36_000 }, "gaps $gaps")
        gaps.zipWithNext().forEach { (a, b) -> assertTrue(b >= a, "gap shrank: $gaps") }
        assertEquals(1L, pipeline.snapshot().pending, "the batch is still buffered")
        assertEquals(0L, pipeline.snapshot().droppedTotal)

        healthy = true
        testScheduler.advanceTimeBy(40_000)
        testScheduler.runCurrent()
        assertEquals(1L, pipeline.snapshot().exported)
        assertEquals(0L, pipeline.snapshot().pending)
        pipeline.shutdown(1.seconds)
    }
}
