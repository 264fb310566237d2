package dev.spanwise.tracing.export

import com.sun.net.httpserver.HttpServer
import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.model.SpanData
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import java.net.HttpURLConnection
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.URL
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertNotNull
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * Spanwise's export work runs on the shared `Dispatchers.Default` pool; while it runs, the pool
 * thread's name says so, so a thread dump taken while an export hangs points at Spanwise.
 */
class ExportThreadNameTest {
    /** A loopback HTTP server that holds every request until [release] is counted down. */
    private class SlowServer : AutoCloseable {
        val release = CountDownLatch(1)
        val received = CountDownLatch(1)
        private val pool = Executors.newCachedThreadPool()
        private val server = HttpServer.create(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0).apply {
            executor = pool
            createContext("/") { exchange ->
                exchange.requestBody.readBytes()
                received.countDown()
                release.await(30, TimeUnit.SECONDS)
                exchange.sendResponseHeaders(200, 2)
                exchange.responseBody.use { it.write("{}".encodeToByteArray()) }
            }
            start()
        }
        val url = "http://127.0.0.1:${server.address.port}/v1/traces"

        override fun close() {
            release.countDown()
            server.stop(0)
            pool.shutdownNow()
        }
    }

    /** A custom exporter with a blocking HTTP client, as Java users write them. */
    private class BlockingHttpExporter(private val url: String) : SpanExporter {
        @Volatile
        var coroutineName: String? = null

        override suspend fun export(batch: List<SpanData>): ExportResult {
            coroutineName = currentCoroutineContext()[CoroutineName]?.name
            val connection = URL(url).openConnection() as HttpURLConnection
            connection.requestMethod = "POST"
            connection.doOutput = true
            connection.readTimeout = 30_000
            connection.outputStream.use { it.write("""{"spans":${batch.size}}""".encodeToByteArray()) }
            val status = connection.responseCode
            connection.inputStream.use { it.readBytes() }
            return if (status == 200) ExportResult.Success else ExportResult.Failure(null, retryable = false)
        }

        override fun toString(): String = "BlockingHttpExporter"
    }

    private fun spanwiseThreads(): Map<Thread, Array<StackTraceElement>> =
        Thread.getAllStackTraces().filterKeys { it.name.contains(SUFFIX) }

    @Test
    fun `a thread dump taken while an export is blocked names the Spanwise thread and its service`(): Unit = runBlocking {
        SlowServer().use { server ->
            val exporter = BlockingHttpExporter(server.url)
            val tracing = Tracing {
                serviceName = SERVICE
                this.exporter = exporter
                registerShutdownHook = false
                batching { flushInterval = 50.milliseconds }
            }
            tracing.begin("blocked-export").end()
            assertTrue(server.received.await(10, TimeUnit.SECONDS), "the export reached the slow server")

            var dump = spanwiseThreads()
            val deadline = System.nanoTime() + 5_000_000_000L
            while (dump.isEmpty() && System.nanoTime() < deadline) {
                delay(10)
                dump = spanwiseThreads()
            }
            val (thread, stack) = assertNotNull(dump.entries.firstOrNull(), "a thread named *$SUFFIX in ${Thread.getAllStackTraces().keys.map { it.name }}")
                .let { it.key to it.value }
            println("thread dump entry: '${thread.name}'")
            assertTrue(thread.name.startsWith("DefaultDispatcher-worker-"), "the shared pool's thread, renamed while it works: ${thread.name}")
            assertTrue(
                stack.any { it.className.startsWith(BlockingHttpExporter::class.java.name) },
                "the named thread is the one blocked in the exporter: ${stack.joinToString("\n")}",
            )
            assertEquals(ExportMarks.EXPORT_COROUTINE_NAME, exporter.coroutineName)

            server.release.countDown()
            val result = tracing.shutdown(10.seconds)
            assertEquals(1L, result.exported, "$result")
            // The name is put back once the export coroutine is off the thread.
            val restoreDeadline = System.nanoTime() + 5_000_000_000L
            while (spanwiseThreads().isNotEmpty() && System.nanoTime() < restoreDeadline) delay(10)
            assertEquals(emptyList(), spanwiseThreads().keys.map { it.name }, "no thread keeps the Spanwise name after the work")
            assertTrue(thread.name.startsWith("DefaultDispatcher-worker-") && !thread.name.contains(SUFFIX), "restored: ${thread.name}")
        }
    }

    private companion object {
        const val SERVICE = "thread-dump-svc"
        const val SUFFIX = " [spanwise-export($SERVICE)]"
    }
}
