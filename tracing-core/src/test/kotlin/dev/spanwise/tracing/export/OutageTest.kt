package dev.spanwise.tracing.export

import ch.qos.logback.classic.Level
import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.exporters.OtlpHttpExporter
import dev.spanwise.tracing.internal.pipeline.BatchingPipeline
import dev.spanwise.tracing.internal.pipeline.flush
import dev.spanwise.tracing.internal.pipeline.shutdown
import dev.spanwise.tracing.model.internal.Clock
import dev.spanwise.tracing.model.internal.ThrottledLogger
import dev.spanwise.tracing.testing.FakeReceiver
import dev.spanwise.tracing.testing.LogCapture
import dev.spanwise.tracing.testing.ReceivedRequest
import dev.spanwise.tracing.testing.Reply
import dev.spanwise.tracing.testing.Spans
import dev.spanwise.tracing.testing.VirtualTime
import io.ktor.client.engine.mock.MockEngine
import io.ktor.client.engine.mock.respond
import io.ktor.http.HttpStatusCode
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.test.StandardTestDispatcher
import kotlinx.coroutines.test.runTest
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger
import kotlin.random.Random
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * RELIABILITY §9 A8, A12 and B6 against real loopback backends in real time (outages scaled down
 * from a minute to a few seconds, with producer rates that still overflow the queues), and D3 in
 * virtual time (30 minutes cannot be real; the backend is Ktor's MockEngine on the test scheduler).
 */
class OutageTest {
    private fun spanIds(body: String): List<String> = Regex("\"spanId\":\"([0-9a-f]{16})\"").findAll(body).map { it.groupValues[1] }.toList()

    /** Ends [perTick] spans every [tickMs] for [ticks] ticks; returns span id → end time (nanoTime). */
    private suspend fun produce(tracing: Tracing, perTick: Int, ticks: Int, tickMs: Long): Map<String, Long> {
        val ended = LinkedHashMap<String, Long>()
        repeat(ticks) { tick ->
            repeat(perTick) { i ->
                val scope = tracing.begin("t$tick-$i")
                scope.end()
                ended[scope.id.substringAfter('-')] = System.nanoTime()
            }
            delay(tickMs)
        }
        return ended
    }

    private val Tracing.pipelines: List<BatchingPipeline> get() = engine!!.pipelines

    // Reliability matrix: A8
    @Test
    fun `an outage that overflows queueCapacity 1000 drops exactly the spans the server never saw, with one summary per cycle`(): Unit =
        runBlocking {
            val upAt = System.nanoTime() + 3_000_000_000L
            val answered2xx = CopyOnWriteArrayList<ReceivedRequest>()
            FakeReceiver { req -> if (System.nanoTime() < upAt) Reply(503) else Reply(200).also { answered2xx.add(req) } }.use { receiver ->
                LogCapture.capture { logs ->
                    val tracing = Tracing {
                        serviceName = "a8"
                        exporter = Exporters.otlpHttp(receiver.url)
                        registerShutdownHook = false
                        batching {
                            queueCapacity = 1000
                            maxBatchSize = 64
                            flushInterval = 200.milliseconds
                        }
                    }
                    // 1000 spans/s during the 3 s outage: three times what the queue holds.
                    val produced = produce(tracing, perTick = 100, ticks = 30, tickMs = 100).keys
                    val result = tracing.shutdown(10.seconds)

                    val delivered = answered2xx.flatMap { spanIds(it.body) }
                    assertEquals(delivered.size, delivered.toSet().size, "no span delivered twice")
                    assertTrue(produced.containsAll(delivered))
                    val missing = produced - delivered.toSet()
                    val queueFull = result.dropped(DropReason.QUEUE_FULL)
                    println("A8: produced ${produced.size}, delivered ${delivered.size}, result $result, requests ${receiver.requests.size}")
                    assertTrue(queueFull > 0, "the outage must overflow the queue: $result")
                    assertEquals(missing.size.toLong(), queueFull, "dropped{queue_full} == spans the server never saw")
                    assertEquals(setOf(DropReason.QUEUE_FULL), result.dropped.keys, "no other reason")
                    assertEquals(delivered.size.toLong(), result.exported)
                    assertEquals(0L, result.pending)
                    assertEquals(produced.size.toLong(), delivered.size + result.droppedTotal, "G1")

                    val summaries = logs.events.filter { it.level == Level.WARN && it.formattedMessage.contains("export queue was full") }
                    println("A8 drop summaries: ${summaries.map { it.formattedMessage }}")
                    assertTrue(summaries.isNotEmpty(), "drops are reported")
                    assertTrue(summaries.size <= answered2xx.size, "at most one summary per export cycle: ${summaries.size}")
                    assertTrue(summaries.size <= 5, "at most 5 per minute: ${summaries.size}")
                    val counts = summaries.map { Regex("dropped (\\d+) spans").find(it.formattedMessage)!!.groupValues[1].toLong() }
                    summaries.forEach { assertTrue(it.formattedMessage.contains("capacity 1000 spans"), it.formattedMessage) }
                    assertEquals(queueFull, counts.sum(), "the summaries add up to the exact drop count")
                }
            }
        }

    // Reliability matrix: A12
    @Test
    fun `a vendor that is down fills and counts its own queue while OTLP receives every span on time`(): Unit = runBlocking {
        FakeReceiver { Reply(503) }.use { vendor ->
            FakeReceiver().use { otlp ->
                val flushInterval = 250.milliseconds
                val tracing = Tracing {
                    serviceName = "a12"
                    exporter = Exporters.composite(Exporters.otlpHttp(otlp.url), Exporters.twoSignal("ts-key-a12-canary", vendor.url))
                    registerShutdownHook = false
                    batching {
                        queueCapacity = 500
                        maxBatchSize = 50
                        this.flushInterval = flushInterval
                    }
                }
                val (otlpPipeline, vendorPipeline) = tracing.pipelines
                // 200 spans/s for 4 s: 800 spans, more than the vendor queue holds.
                val ended = produce(tracing, perTick = 20, ticks = 40, tickMs = 100)
                val produced = ended.size.toLong()
                val okFlush = otlpPipeline.flush(2.seconds)
                val vendorStats = vendorPipeline.snapshot()

                // OTLP: every span, once, each within one schedule delay of the healthy case.
                assertEquals(produced, okFlush.exported)
                assertEquals(0L, okFlush.droppedTotal)
                val arrivals = HashMap<String, Long>()
                for (r in otlp.requests) for (id in spanIds(r.body)) assertEquals(null, arrivals.put(id, r.nanoTime), "duplicate $id")
                assertEquals(ended.keys, arrivals.keys)
                val latenciesMs = ended.map { (id, end) -> (arrivals.getValue(id) - end) / 1_000_000 }.sorted()
                println("A12 OTLP export latency ms: p50 ${latenciesMs[latenciesMs.size / 2]}, max ${latenciesMs.last()}; vendor $vendorStats")
                val bound = 2 * flushInterval.inWholeMilliseconds + 500 // the batch wait, one schedule delay, and machine slack
                assertTrue(latenciesMs.last() <= bound, "max OTLP latency ${latenciesMs.last()} ms > $bound ms")

                // Vendor: its own queue filled and it counts its own drops; nothing leaked into OTLP's counts.
                assertEquals(0L, vendorStats.exported)
                assertEquals(setOf(DropReason.QUEUE_FULL), vendorStats.dropped.keys)
                assertTrue(vendorStats.pending in 500L..550L, "queue plus the batch being retried: ${vendorStats.pending}")
                assertEquals(produced, vendorStats.droppedTotal + vendorStats.pending, "vendor G1")
                assertTrue(vendor.maxConcurrent.get() <= 1)
                assertTrue(vendor.requests.size in 2..6, "vendor retried with backoff, not per batch: ${vendor.requests.size}")

                val result = tracing.shutdown(1.seconds)
                assertEquals(vendorStats.pending, vendorPipeline.snapshot().dropped(DropReason.SHUTDOWN_TIMEOUT))
                assertEquals(produced, result.exported + result.droppedTotal + result.pending, "G1 overall, each span once: $result")
                for (d in result.destinations) assertEquals(produced, d.exported + d.droppedTotal + d.pending, "G1 of $d")
            }
        }
    }

    // Reliability matrix: B6
    @Test
    fun `429 with Retry-After while spans keep arriving - no request during the wait, overflow counted as queue_full only`(): Unit =
        runBlocking {
            val answered2xx = CopyOnWriteArrayList<ReceivedRequest>()
            FakeReceiver { req -> Reply(200).also { answered2xx.add(req) } }.use { receiver ->
                receiver.enqueue(Reply(429, "{}", mapOf("Retry-After" to "2")))
                val tracing = Tracing {
                    serviceName = "b6"
                    exporter = Exporters.otlpHttp(receiver.url)
                    registerShutdownHook = false
                    batching {
                        queueCapacity = 300
                        maxBatchSize = 50
                        flushInterval = 100.milliseconds
                    }
                }
                val produced = produce(tracing, perTick = 50, ticks = 30, tickMs = 100).keys
                val result = tracing.shutdown(5.seconds)

                val times = receiver.requests.map { it.nanoTime }
                val gapMs = (times[1] - times[0]) / 1_000_000
                println("B6: ${receiver.requests.size} requests, gap after the 429 $gapMs ms, $result")
                assertTrue(gapMs >= 1_990, "a request came $gapMs ms after the 429 (Retry-After: 2)")
                assertTrue(gapMs < 2_500, "the wait ends at Retry-After: $gapMs ms")
                val delivered = answered2xx.flatMap { spanIds(it.body) }
                assertEquals(delivered.size, delivered.toSet().size, "no duplicates")
                assertTrue(result.dropped(DropReason.QUEUE_FULL) > 0, "spans kept arriving and overflowed the buffer")
                assertEquals(setOf(DropReason.QUEUE_FULL), result.dropped.keys, "overflow is the only drop reason")
                assertEquals(produced.size.toLong() - delivered.size, result.droppedTotal, "G1: dropped == never delivered")
                assertEquals(delivered.size.toLong(), result.exported)
                assertEquals(0L, result.pending)
            }
        }

    // Reliability matrix: D3
    @Test
    fun `30 virtual minutes of outage keep at most 4 live SDK coroutines and 1 request in flight`(): Unit = runTest {
        val seed = System.nanoTime().also { println("D3 seed: $it") }
        var healthy = false
        val inFlight = AtomicInteger()
        val maxInFlight = AtomicInteger()
        val requests = AtomicInteger()
        val engine = MockEngine.create {
            dispatcher = StandardTestDispatcher(testScheduler)
            addHandler {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet()) { a, b -> maxOf(a, b) }
                requests.incrementAndGet()
                try {
                    delay(50) // a backend that takes its time to refuse
                    if (healthy) respond("{}", HttpStatusCode.OK) else respond("", HttpStatusCode.ServiceUnavailable)
                } finally {
                    inFlight.decrementAndGet()
                }
            }
        }
        val exporter =
            OtlpHttpExporter("http://collector.test/v1/traces", HttpExporterConfig().apply { this.engine = engine }, VirtualTime.seeded(testScheduler, seed))
        val clock = object : Clock {
            override fun nowEpochNanos(): Long = testScheduler.currentTime * 1_000_000
            override fun nanoTime(): Long = testScheduler.currentTime * 1_000_000
        }
        // Every coroutine the pipeline starts is a descendant of this job.
        val sdkJob = SupervisorJob(backgroundScope.coroutineContext[Job])
        val config = BatchingConfig() // defaults: capacity 2048, batch 512, 5 s interval, 1 export in flight
        val pipeline = BatchingPipeline(exporter, config, CoroutineScope(backgroundScope.coroutineContext + sdkJob), clock, ThrottledLogger("d3"), Random(seed))
        pipeline.start()

        var produced = 0L
        var maxLive = 0
        var maxPending = 0L
        val kinds = HashSet<String>()
        repeat(30 * 60) {
            repeat(10) {
                pipeline.offer(Spans.span(name = "d3"))
                produced++
            }
            testScheduler.advanceTimeBy(1_000)
            testScheduler.runCurrent()
            val live = liveDescendants(sdkJob)
            kinds += live.map { it.javaClass.simpleName }
            maxLive = maxOf(maxLive, live.size)
            maxPending = maxOf(maxPending, pipeline.snapshot().pending)
        }
        val outageRequests = requests.get()
        println("D3: $outageRequests requests in 30 min, max live SDK coroutines $maxLive $kinds, max pending $maxPending")
        assertTrue(maxLive <= 4, "live SDK coroutines peaked at $maxLive: $kinds")
        assertEquals(1, maxInFlight.get(), "in-flight requests")
        assertEquals(1, exporter.transport.maxInFlightSeen.get())
        assertTrue(maxPending <= config.queueCapacity + config.maxBatchSize, "G4: retained $maxPending spans")
        assertTrue(outageRequests <= 30 * 60 / 24 + 10, "backoff kept requests few: $outageRequests")

        healthy = true
        testScheduler.advanceTimeBy(120_000)
        testScheduler.runCurrent()
        val after = pipeline.snapshot()
        assertEquals(0L, after.pending, "everything buffered was delivered after recovery: $after")
        assertEquals(setOf(DropReason.QUEUE_FULL), after.dropped.keys)
        assertEquals(produced, after.exported + after.droppedTotal, "G1")
        assertTrue(after.exported >= config.queueCapacity, "the full buffer survived the outage: $after")
        pipeline.shutdown(1.seconds)
    }

    /** Active jobs below [job] (launched coroutines and the scopes inside them). */
    private fun liveDescendants(job: Job): List<Job> = job.children.filter { it.isActive }.flatMap { listOf(it) + liveDescendants(it) }.toList()
}
