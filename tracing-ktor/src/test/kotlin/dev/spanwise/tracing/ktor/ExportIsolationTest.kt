package dev.spanwise.tracing.ktor

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.export.HttpExporterConfig
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.exporters.InMemoryExporter
import dev.spanwise.tracing.propagation.PARENT_SCOPE_HEADER
import dev.spanwise.tracing.propagation.TRACEPARENT_HEADER
import dev.spanwise.tracing.traced
import io.ktor.client.HttpClient
import io.ktor.client.request.get
import io.ktor.client.statement.bodyAsText
import io.ktor.http.ContentType
import io.ktor.http.HttpHeaders
import io.ktor.server.application.install
import io.ktor.server.request.receiveText
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import kotlinx.coroutines.runBlocking
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import io.ktor.client.engine.cio.CIO as ClientCIO

/**
 * RELIABILITY §9 F5: the application installs [ClientTracing] on the client it uses everywhere, and
 * Spanwise exports over OTLP to a collector that is itself traced with [ServerTracing]. Had any
 * export request carried the application's scope, the collector's spans would join the
 * application's traces: 100 exports must produce no span and no link about exporting.
 */
class ExportIsolationTest {
    private class Received(val links: String, val body: String, val userAgent: String?)

    private val collectorSide = TestService("collector")
    private val received = CopyOnWriteArrayList<Received>()
    private val collector = TestServer {
        install(ServerTracing) { tracing = collectorSide.tracing }
        routing {
            post("/v1/traces") {
                val h = call.request.headers
                val links = "${h[PARENT_SCOPE_HEADER]}|${h[TRACEPARENT_HEADER]}|${h[CORRELATION_ID_HEADER]}"
                received += Received(links, call.receiveText(), h[HttpHeaders.UserAgent])
                call.respondText("{}", ContentType.Application.Json)
            }
        }
    }
    private val backendSide = TestService("backend")
    private val backend = TestServer {
        install(ServerTracing) { tracing = backendSide.tracing }
        routing { get("/work") { call.respondText("done") } }
    }

    /** The application's one client, traced app-wide. */
    private val appClient = HttpClient(ClientCIO) { install(ClientTracing) }

    @AfterTest
    fun stop() {
        appClient.close()
        collector.close()
        backend.close()
        runBlocking {
            collectorSide.tracing.shutdown()
            backendSide.tracing.shutdown()
        }
    }

    private fun spanIds(body: String) = Regex("\"spanId\":\"([0-9a-f]{16})\"").findAll(body).map { it.groupValues[1] }.toList()

    /** 100 handler invocations, each calling the backend and flushing inside its scope; 100 exports in all. */
    private fun runApplication(exporterConfig: HttpExporterConfig.() -> Unit) = runBlocking {
        val everything = InMemoryExporter() // every span the application's SDK produces
        val app = Tracing {
            serviceName = "app"
            exporter = Exporters.composite(everything, Exporters.otlpHttp(collector.url, exporterConfig))
            registerShutdownHook = false
            batching { flushInterval = 10.minutes } // only flush and shutdown send
        }
        repeat(100) { i ->
            app.traced("handle-$i", correlationId = "order-$i") {
                assertEquals("done", appClient.get("${backend.url}/work").bodyAsText())
                app.flush(5.seconds) // exports the previous invocation's span from inside this scope
            }
        }
        val result = app.shutdown(5.seconds)
        assertEquals(100L, result.exported, "each span counted once: $result")
        assertEquals(listOf(100L, 100L), result.destinations.map { it.exported }, "$result")
        assertEquals(0L, result.droppedTotal)

        val appSpans = everything.spans
        assertEquals((0 until 100).map { "handle-$it" }.toSet(), appSpans.map { it.name }.toSet(), "no span about exporting")
        assertEquals(100, appSpans.size)
        assertEquals(100, received.size, "100 export requests")
        assertEquals(0, received.count { it.links != "null|null|null" }, "export requests carrying a link")
        val exportedIds = received.flatMap { spanIds(it.body) }
        assertEquals(appSpans.map { it.spanIdHex }.toSet(), exportedIds.toSet())
        assertEquals(100, exportedIds.size)

        val appTraces = appSpans.map { it.traceIdHex }.toSet()
        // The plugin is live: every backend call joined its handler's trace ...
        val backendSpans = awaitSpans(backendSide, 100)
        assertEquals(100, backendSpans.size)
        assertTrue(backendSpans.all { it.traceIdHex in appTraces && it.parentIsRemote }, "backend calls are linked")
        // ... while the collector's spans for the 100 exports are roots of their own traces.
        val collectorSpans = awaitSpans(collectorSide, 100)
        assertEquals(100, collectorSpans.size)
        assertTrue(collectorSpans.all { it.parentSpanId == 0L && it.traceIdHex !in appTraces }, "an export joined an application trace")
    }

    // Reliability matrix: F5
    @Test
    fun `100 exports with ClientTracing installed app-wide produce no span and no link about exporting`() =
        runApplication { }

    // Reliability matrix: F5
    @Test
    fun `an exporter handed the application's traced client still exports without links, and leaves the client open`() {
        runApplication { httpClient = appClient }
        runBlocking { assertEquals("done", appClient.get("${backend.url}/work").bodyAsText(), "the user's client is not closed") }
    }

    // Reliability matrix: F5
    @Test
    fun `an export called directly from user code inside a scope, on the traced client, carries no link either`() = runBlocking {
        val recorded = InMemoryExporter()
        val app = Tracing {
            serviceName = "app"
            exporter = recorded
            registerShutdownHook = false
        }
        repeat(100) { app.begin("work-$it").end() }
        app.flush(5.seconds)
        val exporter = Exporters.otlpHttp(collector.url) { httpClient = appClient }
        // A custom processor (or a test) driving the exporter itself, from inside a traced handler.
        for ((i, span) in recorded.spans.withIndex()) {
            app.traced("handle-$i", correlationId = "order-$i") { assertEquals(ExportResult.Success, exporter.export(listOf(span))) }
        }
        exporter.shutdown()
        app.shutdown()
        assertEquals(100, received.size, "100 export requests")
        assertEquals(0, received.count { it.links != "null|null|null" }, "export requests carrying a link")
        // Export requests name Spanwise in their User-Agent (the plugin itself goes by the skip mark).
        assertTrue(received.all { it.userAgent?.startsWith("Spanwise-JVM/") == true }, "User-Agent ${received.first().userAgent}")
        val collectorSpans = awaitSpans(collectorSide, 100)
        assertTrue(collectorSpans.all { it.parentSpanId == 0L }, "an export joined an application trace")
    }
}
