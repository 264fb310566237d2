package dev.spanwise.tracing.export

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.exporters.OtlpHttpExporter
import dev.spanwise.tracing.exporters.internal.http.HttpTransport
import dev.spanwise.tracing.step
import dev.spanwise.tracing.testing.FakeReceiver
import dev.spanwise.tracing.testing.HangingExporter
import dev.spanwise.tracing.testing.ReceivedRequest
import dev.spanwise.tracing.testing.Reply
import dev.spanwise.tracing.traced
import io.ktor.client.HttpClient
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import java.nio.file.Files
import java.nio.file.Paths
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

/** RELIABILITY §9 E3, E8 and E9 against a real loopback backend, in real time. */
class LifecycleMatrixTest {
    private fun spanIds(body: String): List<String> = Regex("\"spanId\":\"([0-9a-f]{16})\"").findAll(body).map { it.groupValues[1] }.toList()

    /** The exporter's own Ktor client (private to the transport; read to prove it gets closed). */
    private fun clientOf(exporter: OtlpHttpExporter): HttpClient =
        HttpTransport::class.java.getDeclaredField("client").apply { isAccessible = true }.get(exporter.transport) as HttpClient

    /**
     * Whether [client] was closed and finished closing within [timeoutMs]. Its job is completed only
     * by `close()`; while it waits for its connections it is still "active" (completing), so
     * `isActive` alone says nothing.
     */
    private suspend fun closedWithin(client: HttpClient, timeoutMs: Long): Boolean =
        withTimeoutOrNull(timeoutMs) { client.coroutineContext[Job]!!.join() } != null

    private suspend fun awaitTrue(timeoutMs: Long, condition: () -> Boolean): Boolean {
        val deadline = System.nanoTime() + timeoutMs * 1_000_000
        while (!condition()) {
            if (System.nanoTime() > deadline) return false
            delay(10)
        }
        return true
    }

    /**
     * E3: the backend answers 503 with `Retry-After: 5`; shutdown(1 s) starts 300 ms into the 5 s
     * sleep, which is in the transport (in-call) or in the pipeline (between calls, [maxAttempts] = 1).
     */
    private fun shutdownDuringBackoff(maxAttempts: Int, waitPastSleep: Boolean) = runBlocking {
        FakeReceiver { Reply(503, "{}", mapOf("Retry-After" to "5")) }.use { receiver ->
            val exporter = Exporters.otlpHttp(receiver.url) { this.maxAttempts = maxAttempts }
            val tracing = Tracing {
                serviceName = "e3"
                this.exporter = exporter
                registerShutdownHook = false
                batching { flushInterval = 20.milliseconds }
            }
            repeat(10) { tracing.begin("s$it").end() }
            assertTrue(awaitTrue(5_000) { receiver.requests.size == 1 }, "first attempt")
            val refusedAt = receiver.requests[0].nanoTime
            delay(300)
            val started = System.nanoTime()
            val result = tracing.shutdown(1.seconds)
            val tookMs = (System.nanoTime() - started) / 1_000_000
            val attemptsDuringShutdown = receiver.requests.size - 1
            println("E3 (maxAttempts=$maxAttempts): shutdown took $tookMs ms, $attemptsDuringShutdown attempts during it, $result")
            assertTrue(tookMs <= 1_250, "shutdown took $tookMs ms with a 1 s timeout")
            assertTrue(attemptsDuringShutdown <= 1, "at most one final attempt: $attemptsDuringShutdown")
            assertEquals(10L, result.dropped(DropReason.SHUTDOWN_TIMEOUT), "$result")
            assertEquals(10L, result.droppedTotal + result.exported, "G1")
            assertEquals(0L, result.pending)
            assertTrue(closedWithin(clientOf(exporter), 5_000), "the exporter's Ktor client is closed (G5)")
            val sdkJob = tracing.engine!!.scope.coroutineContext[Job]!!
            assertTrue(sdkJob.isCancelled && sdkJob.children.none(), "no SDK coroutine is left to wake up")
            if (waitPastSleep) {
                // The interrupted sleep never wakes up to send: nothing arrives when it would have ended.
                val sleepEnd = refusedAt + 5_500_000_000L
                while (System.nanoTime() < sleepEnd) delay(50)
            }
            assertEquals(1 + attemptsDuringShutdown, receiver.requests.size, "no request after shutdown returned")
        }
    }

    // Reliability matrix: E3
    @Test
    fun `shutdown during a 5 s in-call backoff sleep interrupts it and completes within its timeout`() =
        shutdownDuringBackoff(maxAttempts = 5, waitPastSleep = true)

    // Reliability matrix: E3
    @Test
    fun `shutdown during a 5 s backoff sleep between export calls interrupts it and completes within its timeout`() =
        shutdownDuringBackoff(maxAttempts = 1, waitPastSleep = false)

    // Reliability matrix: E3 G5
    @Test
    fun `a shutdown that runs out of time still closes the exporter, every time (100 runs)`(): Unit = runBlocking {
        var notClosed = 0
        repeat(100) {
            val exporter = HangingExporter()
            val closes = AtomicInteger()
            val tracing = Tracing {
                serviceName = "e3-close"
                this.exporter = object : SpanExporter by exporter {
                    override suspend fun shutdown(): ExportResult = ExportResult.Success.also { closes.incrementAndGet() }
                }
                registerShutdownHook = false
                batching { flushInterval = 1.milliseconds }
            }
            tracing.begin("stuck").end()
            exporter.started.await()
            val result = tracing.shutdown(30.milliseconds) // the deadline passes while the export hangs
            assertEquals(1L, result.dropped(DropReason.SHUTDOWN_TIMEOUT))
            if (closes.get() != 1) notClosed++
        }
        assertEquals(0, notClosed, "shutdowns that never closed their exporter")
    }

    // Reliability matrix: E8
    @Test
    fun `flush at the end of each invocation returns after its spans reached the server, leaving nothing for a timer`(): Unit = runBlocking {
        val delivered = CopyOnWriteArrayList<ReceivedRequest>()
        FakeReceiver { req -> Reply(200, "{}", delayMillis = 20).also { delivered.add(req) } }.use { receiver ->
            val tracing = Tracing {
                serviceName = "e8"
                exporter = Exporters.otlpHttp(receiver.url)
                registerShutdownHook = false
                // A frozen function never gets its interval tick: only flush may send.
                batching { flushInterval = 10.minutes }
            }
            val produced = LinkedHashSet<String>()
            repeat(20) { invocation ->
                if (invocation == 5) receiver.enqueue(Reply(503)) // a transient failure inside one invocation
                val spans = if (invocation == 7) 700 else 1 + invocation % 4 // invocation 7 needs two batches
                val ids = tracing.traced("invocation-$invocation") {
                    listOf(scope.id.substringAfter('-')) + List(spans) { n -> step("step-$n") { scope.id.substringAfter('-') } }
                }
                produced += ids
                val result = tracing.flush(5.seconds)
                val atServer = delivered.flatMap { spanIds(it.body) }.toSet()
                assertTrue(atServer.containsAll(ids), "invocation $invocation: ${ids.count { it !in atServer }} spans not at the server when flush returned")
                assertEquals(0L, result.pending, "nothing left for a later tick")
                assertEquals(produced.size.toLong(), result.exported)
            }
            val requestsAfterLastFlush = receiver.requests.size
            delay(300) // the function is frozen now; had anything been left to a timer, it would be lost
            assertEquals(requestsAfterLastFlush, receiver.requests.size)
            val atServer = delivered.flatMap { spanIds(it.body) }
            assertEquals(produced, atServer.toSet(), "nothing lost")
            assertEquals(atServer.size, atServer.toSet().size, "nothing sent twice")
            assertEquals(0L, tracing.stats().droppedTotal)
            tracing.shutdown(1.seconds)
        }
    }

    private fun threadNames(): List<String> = Thread.getAllStackTraces().keys.filter { it.isAlive }.map { it.name }

    private fun openSockets(): Int = Files.list(Paths.get("/proc/self/fd")).use { fds ->
        fds.mapToInt { runCatching { if (Files.readSymbolicLink(it).toString().startsWith("socket:")) 1 else 0 }.getOrDefault(0) }.sum()
    }

    // Reliability matrix: E9
    @Test
    fun `100 build-record-shutdown cycles deliver every time, close the client and leak no thread or socket`(): Unit = runBlocking {
        FakeReceiver().use { receiver ->
            val seen = HashSet<String>()
            suspend fun cycle(i: Int): HttpClient {
                val exporter = Exporters.otlpHttp(receiver.url)
                val tracing = Tracing {
                    serviceName = "e9-$i"
                    this.exporter = exporter
                    registerShutdownHook = false
                }
                repeat(100) { tracing.begin("s$it").end() }
                val result = tracing.shutdown(5.seconds)
                assertEquals(100L, result.exported, "cycle $i: $result")
                assertEquals(0L, result.droppedTotal + result.pending, "cycle $i: $result")
                val newIds = receiver.requests.flatMap { spanIds(it.body) }.filter { seen.add(it) }
                assertEquals(100, newIds.size, "cycle $i: the server got this cycle's 100 spans")
                receiver.requests.clear()
                return clientOf(exporter)
            }
            cycle(-1) // warm-up: classes loaded, shared dispatcher workers started
            val baseThreads = threadNames()
            val baseSockets = openSockets()
            val hasSdkName = { name: String -> listOf("ktor", "spanwise", "cio").any { name.contains(it, ignoreCase = true) } }
            repeat(100) { i ->
                val client = cycle(i)
                assertTrue(closedWithin(client, 5_000), "cycle $i: the Ktor client is closed")
                assertTrue(awaitTrue(5_000) { openSockets() <= baseSockets + 2 }, "cycle $i: sockets ${openSockets()} vs baseline $baseSockets")
            }
            val settled = awaitTrue(5_000) { threadNames().size <= baseThreads.size + 2 }
            val now = threadNames()
            val extra = now - baseThreads.toSet()
            println("E9: threads ${baseThreads.size} -> ${now.size}, new: $extra; sockets $baseSockets -> ${openSockets()}")
            assertTrue(settled, "thread count back to baseline ±2 within 5 s: $extra")
            assertEquals(emptyList(), now.filter(hasSdkName) - baseThreads.filter(hasSdkName).toSet(), "no Ktor/Spanwise thread left")
        }
    }
}
