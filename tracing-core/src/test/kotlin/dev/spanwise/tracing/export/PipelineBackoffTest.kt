package dev.spanwise.tracing.export

import dev.spanwise.tracing.export.BatchingConfig
import dev.spanwise.tracing.internal.BatchingPipeline
import dev.spanwise.tracing.internal.Clock
import dev.spanwise.tracing.internal.ThrottledLogger
import dev.spanwise.tracing.testing.Spans
import dev.spanwise.tracing.testing.VirtualTime
import io.ktor.client.engine.mock.MockEngine
import io.ktor.client.engine.mock.respond
import io.ktor.http.HttpStatusCode
import kotlinx.coroutines.test.StandardTestDispatcher
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
    @Test
    fun `A6 503 for 10 virtual minutes keeps the batch, requests stay few, gaps never shrink`(): Unit = runTest {
        val times = CopyOnWriteArrayList<Long>()
        var healthy = false
        val engine = MockEngine.create {
            dispatcher = StandardTestDispatcher(testScheduler)
            addHandler {
                times.add(testScheduler.currentTime)
                if (healthy) respond("{}", HttpStatusCode.OK) else respond("", HttpStatusCode.ServiceUnavailable)
            }
        }
        val time = VirtualTime(testScheduler) // jitter factor exactly 1.0
        val exporter = OtlpHttpExporter("http://collector.test/v1/traces", HttpExporterConfig().apply { this.engine = engine }, time)
        val clock = object : Clock {
            override fun nowEpochNanos(): Long = testScheduler.currentTime * 1_000_000
            override fun nanoTime(): Long = testScheduler.currentTime * 1_000_000
        }
        val config = BatchingConfig().apply { flushInterval = 1.seconds }
        val pipeline = BatchingPipeline(exporter, config, backgroundScope, clock, ThrottledLogger("test"), Random(1))
        pipeline.start()
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
