package dev.spanwise.tracing.export

import ch.qos.logback.classic.Level
import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.config.TracingConfig
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.testing.HangingExporter
import dev.spanwise.tracing.testing.LogCapture
import dev.spanwise.tracing.testing.ScriptedExporter
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

private fun tracing(exporter: SpanExporter, configure: TracingConfig.() -> Unit = {}): Tracing = Tracing {
    serviceName = "pipeline-test"
    this.exporter = exporter
    configure()
}

private fun Tracing.record(n: Int) = repeat(n) { begin("s$it").end() }

/** G1: every recorded span is exported, dropped for one reason, or still pending. */
private fun ExportCounts.conserves(recorded: Long) {
    (exported + droppedTotal + pending) shouldBe recorded
}

class BatchingPipelineSpec : FunSpec({
    // Reliability matrix: E1
    test("shutdown with 10 000 queued spans and a 20 ms exporter delivers all of them quickly") {
        val exporter = ScriptedExporter(latencyMs = 20)
        val t = tracing(exporter) {
            batching {
                queueCapacity = 10_000
                flushInterval = 5.seconds
            }
        }
        t.record(10_000)
        val started = System.nanoTime()
        val result = t.shutdown(5.seconds)
        val tookMs = (System.nanoTime() - started) / 1_000_000
        result.exported shouldBe 10_000L
        result.isComplete shouldBe true
        exporter.delivered.size shouldBe 10_000
        exporter.duplicates.get() shouldBe 0
        exporter.batches.all { it.size <= BatchingConfig.DEFAULT_MAX_BATCH_SIZE } shouldBe true
        tookMs shouldBeLessThan 5_000L
    }

    // Reliability matrix: E2
    test("shutdown while an export hangs returns in time with the exact pending count, and cancels the request") {
        val exporter = HangingExporter()
        val t = tracing(exporter) {
            batching {
                maxBatchSize = 10
                flushInterval = 10.milliseconds
            }
        }
        t.record(25)
        exporter.started.await()
        val started = System.nanoTime()
        val result = t.shutdown(1.seconds)
        val tookMs = (System.nanoTime() - started) / 1_000_000
        tookMs shouldBeLessThan 1_250L
        result.exported shouldBe 0L
        result.dropped(DropReason.SHUTDOWN_TIMEOUT) shouldBe 25L
        result.pending shouldBe 0L
        result.conserves(25)
        exporter.cancelled.get() shouldBe 1
    }

    // Reliability matrix: E4
    test("spans ended after shutdown are counted ALREADY_SHUTDOWN, never thrown, never sent") {
        val exporter = ScriptedExporter()
        val t = tracing(exporter)
        t.record(3)
        t.shutdown(2.seconds)
        val callsBefore = exporter.calls.get()
        t.record(5)
        t.stats().dropped(DropReason.ALREADY_SHUTDOWN) shouldBe 5L
        exporter.calls.get() shouldBe callsBefore
        t.stats().conserves(8)
    }

    // Reliability matrix: E5
    test("shutdown from 4 threads at once runs once; the others return at once; one INFO") {
        LogCapture.capture { logs ->
            val exporter = ScriptedExporter(latencyMs = 50)
            val t = tracing(exporter)
            t.record(100)
            val results = coroutineScope { (1..4).map { async(Dispatchers.Default) { t.shutdown(5.seconds) } }.awaitAll() }
            results.maxOf { it.exported } shouldBe 100L
            exporter.delivered.size shouldBe 100
            logs.messages(Level.INFO).count { it.contains("called multiple times") } shouldBe 1
        }
    }

    // Reliability matrix: E6
    test("flush returns only after every span ended before the call was exported; 4 concurrent flushes") {
        val exporter = ScriptedExporter(latencyMs = 5)
        val t = tracing(exporter) {
            batching {
                flushInterval = 60.seconds
                maxBatchSize = 64
            }
        }
        repeat(200) { round ->
            t.record(1 + round % 7)
            val ended = exporter.delivered.size.toLong()
            val expected = (0..round).sumOf { 1 + it % 7 }.toLong()
            val r = t.flush(5.seconds)
            r.exported shouldBe expected
            exporter.delivered.size.toLong() shouldBe expected
            (ended <= expected) shouldBe true
        }
        t.record(300)
        val all = coroutineScope { (1..4).map { async(Dispatchers.Default) { t.flush(5.seconds) } }.awaitAll() }
        all.forEach { it.isComplete shouldBe true }
        exporter.delivered.size shouldBe (0 until 200).sumOf { 1 + it % 7 } + 300
        t.shutdown()
    }

    test("an empty flush answers without a round trip; the exporter is flushed once after each batch it got") {
        val flushes = java.util.concurrent.atomic.AtomicInteger()
        val exporter = object : ScriptedExporter() {
            override suspend fun flush(): ExportResult {
                flushes.incrementAndGet()
                return ExportResult.Success
            }
        }
        val t = tracing(exporter) { batching { flushInterval = 60.seconds } }
        t.flush(5.seconds).exported shouldBe 0L
        flushes.get() shouldBe 0 // nothing was ever handed over: nothing to flush
        t.record(10)
        t.flush(5.seconds).exported shouldBe 10L
        flushes.get() shouldBe 1
        repeat(3) { t.flush(5.seconds).exported shouldBe 10L }
        flushes.get() shouldBe 1 // the exporter got nothing new since
        t.record(1)
        val r = t.flush(5.seconds)
        r.exported shouldBe 11L
        r.pending shouldBe 0L
        flushes.get() shouldBe 2
        t.shutdown()
    }

    // Reliability matrix: A13
    test("flush with a hung backend returns at its deadline, reporting the batch as pending") {
        val exporter = HangingExporter()
        val t = tracing(exporter) { batching { flushInterval = 10.milliseconds } }
        t.record(7)
        exporter.started.await()
        val started = System.nanoTime()
        val r = t.flush(300.milliseconds)
        ((System.nanoTime() - started) / 1_000_000) shouldBeLessThan 550L
        r.pending shouldBe 7L
        r.conserves(7)
        exporter.release.complete(Unit)
        t.flush(2.seconds).exported shouldBe 7L
        t.shutdown()
    }

    // Reliability matrix: D1
    test("with the exporter hung and the queue full, 100 000 record() calls from 8 threads return and drops are exact") {
        val exporter = HangingExporter()
        val t = tracing(exporter) {
            batching {
                queueCapacity = 100
                maxBatchSize = 10
                flushInterval = 1.milliseconds
            }
        }
        t.record(1)
        exporter.started.await()
        val threads = 8
        val perThread = 12_500
        val pool = Executors.newFixedThreadPool(threads)
        val done = CountDownLatch(threads)
        repeat(threads) {
            pool.execute {
                repeat(perThread) { t.begin("x").end() }
                done.countDown()
            }
        }
        done.await(60, TimeUnit.SECONDS) shouldBe true
        pool.shutdown()
        val produced = 1L + threads * perThread
        val stats = t.stats()
        // One span is in the hung batch, 100 wait in the queue: everything else was dropped at the door.
        stats.pending shouldBe 101L
        stats.dropped(DropReason.QUEUE_FULL) shouldBe produced - 101
        stats.conserves(produced)
        // Every call returned while the exporter was still hung: nothing waited for the backend.
        exporter.release.isCompleted shouldBe false
        exporter.release.complete(Unit)
        t.shutdown(5.seconds).conserves(produced)
    }

    // Reliability matrix: D2
    test("the byte bound drops large spans as BUFFER_FULL while the exporter is stuck") {
        val exporter = HangingExporter()
        val t = tracing(exporter) {
            captureContent = true
            batching {
                maxBufferedBytes = 5_000_000
                maxBatchSize = 1
                flushInterval = 1.milliseconds
            }
        }
        t.record(1)
        exporter.started.await()
        val big = "x".repeat(1_000_000)
        repeat(10) { t.beginLlmCall("big").apply { input(big) }.end() }
        val stats = t.stats()
        stats.dropped(DropReason.BUFFER_FULL) shouldBeGreaterThan 0L
        stats.conserves(11)
        exporter.release.complete(Unit)
        t.shutdown(5.seconds).conserves(11)
    }

    // Reliability matrix: D4
    test("16 threads × 2 000 spans with a flush every 100 ms: every id delivered once") {
        val exporter = ScriptedExporter()
        val t = tracing(exporter) { batching { queueCapacity = 40_000 } }
        coroutineScope {
            val flusher = launch(Dispatchers.Default) {
                while (isActive) {
                    t.flush(2.seconds)
                    delay(100)
                }
            }
            withContext(Dispatchers.Default) {
                (1..16).map { launch { repeat(2_000) { t.begin("w").end() } } }.forEach { it.join() }
            }
            flusher.cancel()
        }
        val r = t.shutdown(10.seconds)
        r.exported shouldBe 32_000L
        exporter.delivered.size shouldBe 32_000
        exporter.duplicates.get() shouldBe 0
    }

    // Reliability matrix: D5
    test("a burst of drops gives one aggregated warning with the count and the capacity") {
        LogCapture.capture { logs ->
            val exporter = HangingExporter()
            val t = tracing(exporter) {
                batching {
                    queueCapacity = 10
                    maxBatchSize = 10
                    flushInterval = 1.milliseconds
                }
            }
            t.record(1)
            exporter.started.await()
            t.record(1_010)
            exporter.release.complete(Unit)
            t.flush(2.seconds)
            val warnings = logs.messages(Level.WARN).filter { it.contains("export queue was full") }
            warnings.size shouldBe 1
            warnings.single() shouldContain "dropped 1000 spans"
            warnings.single() shouldContain "capacity 10 spans"
            t.shutdown()
        }
    }

    test("retryable failures keep the batch at the head and deliver it once the backend recovers") {
        val failure = { _: List<SpanData> -> ExportResult.Failure(null, retryable = true, retryAfterMillis = 20) }
        val exporter = ScriptedExporter(script = listOf(failure, failure, failure))
        val t = tracing(exporter) { batching { flushInterval = 5.milliseconds } }
        t.record(5)
        val r = t.flush(5.seconds)
        r.exported shouldBe 5L
        r.droppedTotal shouldBe 0L
        exporter.calls.get() shouldBe 4
        exporter.batches.map { b -> b.map { it.spanId } }.toSet().size shouldBe 1
        t.shutdown()
    }

    test("non-retryable failures drop the batch under their reason; partial success counts rejects") {
        val exporter = ScriptedExporter(
            script = listOf(
                { ExportResult.Failure(null, retryable = false, reason = DropReason.UNAUTHORIZED) },
                { ExportResult.PartialSuccess(rejected = 2, message = "bad\r\nline") },
            ),
        )
        val t = tracing(exporter) {
            batching {
                maxBatchSize = 5
                flushInterval = 5.milliseconds
            }
        }
        t.record(5)
        t.flush(2.seconds)
        t.record(5)
        val r = t.flush(2.seconds)
        r.dropped(DropReason.UNAUTHORIZED) shouldBe 5L
        r.dropped(DropReason.REJECTED_BY_SERVER) shouldBe 2L
        r.exported shouldBe 3L
        r.conserves(10)
        t.shutdown()
    }

    // Reliability matrix: F1
    test("an exporter that throws loses only that batch; later batches are delivered") {
        val exporter = ScriptedExporter(
            script = listOf({ ExportResult.Success }, { ExportResult.Success }, { throw IllegalStateException("encoder bug") }),
        )
        val t = tracing(exporter) {
            batching {
                maxBatchSize = 10
                flushInterval = 5.milliseconds
            }
        }
        repeat(5) {
            t.record(10)
            t.flush(2.seconds)
        }
        val r = t.shutdown()
        r.dropped(DropReason.SERIALIZATION_ERROR) shouldBe 10L
        r.exported shouldBe 40L
        r.conserves(50)
    }

    // Reliability matrix: F2
    test("a non-fatal Error thrown by the exporter does not kill the export loop") {
        val exporter = ScriptedExporter(script = listOf({ throw AssertionError("injected") }))
        val t = tracing(exporter) { batching { flushInterval = 5.milliseconds } }
        t.record(3)
        t.flush(2.seconds)
        t.record(4)
        val r = t.flush(2.seconds)
        r.exported shouldBe 4L
        r.dropped(DropReason.SERIALIZATION_ERROR) shouldBe 3L
        t.shutdown()
    }

    // Reliability matrix: D6
    test("the counters are exposed and exact, per reason, once per span overall and per destination") {
        val a = ScriptedExporter()
        val b = ScriptedExporter(script = listOf({ ExportResult.Failure(null, false) }))
        val t = tracing(Exporters.composite(a, b)) { batching { flushInterval = 5.milliseconds } }
        t.record(4)
        val r = t.flush(2.seconds)
        r.exported shouldBe 0L
        r.dropped(DropReason.NON_RETRYABLE) shouldBe 4L
        r.dropped.keys shouldBe setOf(DropReason.NON_RETRYABLE)
        r.conserves(4)
        r.destinations.map { it.exported } shouldBe listOf(4L, 0L)
        r.destinations[1].dropped(DropReason.NON_RETRYABLE) shouldBe 4L
        t.shutdown()
    }

    test("no exporter: nothing is exported and it is said once at INFO") {
        LogCapture.capture { logs ->
            val t = Tracing { serviceName = "quiet" }
            t.begin("x").end()
            t.flush().exported shouldBe 0L
            logs.messages(Level.INFO).count { it.contains("no exporter configured") } shouldBe 1
            logs.messages(Level.WARN).shouldBeEmpty()
            t.shutdown()
        }
    }

    for (slots in listOf(1, 2, 4)) {
        test("maxConcurrentExports = $slots: at most $slots batches in flight, all delivered once, flush waits for them") {
            val current = java.util.concurrent.atomic.AtomicInteger()
            val peak = java.util.concurrent.atomic.AtomicInteger()
            val exporter = object : ScriptedExporter(latencyMs = 0) {
                override suspend fun export(batch: List<SpanData>): ExportResult {
                    val now = current.incrementAndGet()
                    peak.accumulateAndGet(now) { a, b -> maxOf(a, b) }
                    delay(30)
                    current.decrementAndGet()
                    return super.export(batch)
                }
            }
            val t = tracing(exporter) {
                batching {
                    maxBatchSize = 10
                    maxConcurrentExports = slots
                    queueCapacity = 1_000
                }
            }
            t.record(200)
            val r = t.flush(10.seconds)
            r.exported shouldBe 200L
            r.isComplete shouldBe true
            exporter.delivered.size shouldBe 200
            exporter.duplicates.get() shouldBe 0
            peak.get() shouldBe slots
            t.shutdown()
        }
    }
})
