package dev.spanwise.tracing.ktor

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.export.ExportMarks
import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.propagation.PARENT_SCOPE_HEADER
import dev.spanwise.tracing.propagation.TRACEPARENT_HEADER
import dev.spanwise.tracing.scope.CurrentThreadScope
import dev.spanwise.tracing.traced
import io.kotest.common.ExperimentalKotest
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.orNull
import io.kotest.property.arbitrary.string
import io.kotest.property.checkAll
import io.ktor.client.HttpClient
import io.ktor.client.request.get
import io.ktor.client.request.header
import io.ktor.client.request.post
import io.ktor.client.request.setBody
import io.ktor.client.statement.bodyAsText
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import io.ktor.util.AttributeKey
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import io.ktor.client.engine.cio.CIO as ClientCIO

class ClientTracingTest {
    private val svc = TestService("service-a")
    private val received = CopyOnWriteArrayList<String>()
    private val echo = TestServer {
        routing {
            get("/echo") {
                val h = call.request.headers
                call.respondText("${h[PARENT_SCOPE_HEADER]}|${h[TRACEPARENT_HEADER]}|${h[CORRELATION_ID_HEADER]}")
            }
            post("/ingest") {
                val h = call.request.headers
                received += "${h[PARENT_SCOPE_HEADER]}|${h[TRACEPARENT_HEADER]}|${h[CORRELATION_ID_HEADER]}"
                call.respondText("ok")
            }
        }
    }
    private val client = HttpClient(ClientCIO) { install(ClientTracing) }

    @AfterTest
    fun stop() {
        client.close()
        echo.close()
        runBlocking { svc.tracing.shutdown() }
    }

    private suspend fun echoed(block: io.ktor.client.request.HttpRequestBuilder.() -> Unit = {}) =
        client.get("${echo.url}/echo", block).bodyAsText()

    // Reliability matrix: H9
    @Test
    fun `sends the current scope's id, traceparent and correlation id, which the server side accepts`() = runBlocking {
        val (headers, scope) = svc.tracing.traced("caller", correlationId = "order-42") { echoed() to scope }
        assertEquals("${scope.id}|${scope.traceparent()}|order-42", headers)
        val stats = ServerTracingStats()
        val values = headers.split('|')
        val link = IncomingLinkReader(stats).read {
            mapOf(PARENT_SCOPE_HEADER to values[0], TRACEPARENT_HEADER to values[1], CORRELATION_ID_HEADER to values[2])[it]?.let(::listOf)
        }
        assertEquals(scope.id, link.parent?.scopeId)
        assertEquals("order-42", link.correlationId)
        assertEquals(0L, stats.rejectedTotal)
        assertEquals(listOf("caller"), awaitSpans(svc, 1).map { it.name }, "the client plugin records no spans of its own")
    }

    // Reliability matrix: H9
    @Test
    fun `every header the SDK emits passes its own validation (property)`() = runBlocking {
        val seed = System.getProperty("spanwise.fuzz.seed")?.toLong() ?: System.nanoTime()
        println("ClientTracingTest H9 seed=$seed")
        val stats = ServerTracingStats()
        val reader = IncomingLinkReader(stats)
        @OptIn(ExperimentalKotest::class)
        checkAll(PropTestConfig(seed = seed, iterations = 10_000), Arb.string(0, 150).orNull(0.2)) { correlation ->
            val scope = svc.tracing.begin("s", correlationId = correlation)
            val sent = HashMap<String, String>()
            OutgoingLinks.inject(scope, correlation = true) { name, value -> sent[name] = value }
            scope.end()
            val link = reader.read { sent[it]?.let(::listOf) }
            assertEquals(scope.id, link.parent?.scopeId)
            assertEquals(sent[CORRELATION_ID_HEADER], link.correlationId)
            if (correlation != null && correlation.length in 1..128 && correlation.all { it in 'a'..'z' || it in '0'..'9' }) {
                assertEquals(correlation, link.correlationId)
            }
        }
        assertEquals(0L, stats.rejectedTotal)
    }

    @Test
    fun `sends nothing outside a scope, for marked requests and from export coroutines`() = runBlocking {
        assertEquals("null|null|null", echoed())
        svc.tracing.traced("caller") {
            assertEquals("null|null|null", echoed { skipTracing() })
            // What core's exporters put on their requests, and the name of core's export coroutines.
            assertEquals("null|null|null", echoed { attributes.put(ExportMarks.SKIP_TRACING, Unit) })
            assertEquals("null|null|null", echoed { attributes.put(AttributeKey<Unit>("dev.spanwise.tracing.skip"), Unit) })
            assertEquals("null|null|null", withContext(CoroutineName(ExportMarks.EXPORT_COROUTINE_NAME)) { echoed() })
        }
    }

    @Test
    fun `keeps headers set explicitly and drops correlation ids the server would reject`() = runBlocking {
        val explicit = "0123456789abcdef0123456789abcdef-0123456789abcdef"
        val answer = svc.tracing.traced("caller", correlationId = "order 42") { echoed { header(PARENT_SCOPE_HEADER, explicit) } to scope }
        val (scopeHeader, traceparent, correlation) = answer.first.split('|')
        assertEquals(explicit, scopeHeader)
        assertEquals(answer.second.traceparent(), traceparent)
        assertEquals("null", correlation)
    }

    @Test
    fun `falls back to the thread's current scope unless told not to`() {
        val scope = svc.tracing.begin("java-side", correlationId = "c-1")
        val previous = CurrentThreadScope.enter(scope)
        try {
            assertEquals("${scope.id}|${scope.traceparent()}|c-1", runBlocking { echoed() })
            HttpClient(ClientCIO) {
                install(ClientTracing) {
                    useThreadScope = false
                    propagateCorrelationId = false
                }
            }.use { other ->
                assertEquals("null|null|null", runBlocking { other.get("${echo.url}/echo").bodyAsText() })
            }
        } finally {
            CurrentThreadScope.restore(previous)
            scope.end()
        }
    }

    @Test
    fun `an exporter sharing a client with ClientTracing never sends links about exporting`() = runBlocking {
        val exporter = object : SpanExporter {
            override suspend fun export(batch: List<SpanData>): ExportResult {
                client.post("${echo.url}/ingest") { setBody(batch.joinToString { it.name }) }
                return ExportResult.Success
            }
        }
        val tracing = Tracing {
            serviceName = "exporting"
            this.exporter = exporter
            registerShutdownHook = false
        }
        tracing.traced("work", correlationId = "order-1") { }
        val result = tracing.shutdown()
        assertEquals(1L, result.exported)
        assertEquals(listOf("null|null|null"), received.toList())
    }
}
