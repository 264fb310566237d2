package dev.spanwise.tracing.ktor

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.propagation.PARENT_SCOPE_HEADER
import dev.spanwise.tracing.traced
import io.ktor.client.HttpClient
import io.ktor.client.request.get
import io.ktor.client.request.header
import io.ktor.client.statement.HttpResponse
import io.ktor.client.statement.bodyAsText
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.install
import io.ktor.server.request.path
import io.ktor.server.response.respond
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.route
import io.ktor.server.routing.routing
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertTrue
import io.ktor.client.engine.cio.CIO as ClientCIO

class ServerTracingTest {
    private val svc = TestService("service-b")
    private val client = HttpClient(ClientCIO) { expectSuccess = false }
    private val servers = mutableListOf<TestServer>()

    private fun server(config: ServerTracingConfig.() -> Unit = {}): TestServer = TestServer {
        install(ServerTracing) {
            tracing = svc.tracing
            config()
        }
        routing {
            route("/api") {
                get("/users/{id}") { call.respondText(traced("load") { "user ${call.parameters["id"]}" }) }
            }
            get("/boom") { traced("step") { error("boom") } }
            get("/unavailable") { call.respond(HttpStatusCode.ServiceUnavailable) }
            get("/health") { call.respondText("up") }
            get("/fan-out") {
                val answer = traced("handler") {
                    launch(Dispatchers.Default) { traced("launched") { delay(20) } }
                    val part = async(Dispatchers.IO) { traced("async") { "part" } }
                    part.await()
                }
                call.respondText(answer)
            }
            get("/manual") {
                traced("work") { scope.createChild("manual").end() }
                call.respondText("ok")
            }
            get("/link") { call.respondText("${call.traceScope == null}|${call.parentLink?.scopeId}|${traced("work") { scope.parentScopeId }}") }
        }
    }.also { servers += it }

    @AfterTest
    fun stop() {
        client.close()
        servers.forEach { it.close() }
        runBlocking { svc.tracing.shutdown() }
    }

    private fun get(server: TestServer, path: String, vararg headers: Pair<String, String>): HttpResponse = runBlocking {
        client.get(server.url + path) { headers.forEach { (k, v) -> header(k, v) } }
    }

    @Test
    fun `children launched in a route handler's block belong to the block, which ends after them`() {
        val server = server()
        assertEquals("part", runBlocking { get(server, "/fan-out").bodyAsText() })
        val spans = awaitSpans(svc, 4)
        val handler = spans.single { it.name == "handler" }
        assertEquals(spans.single { it.name == "GET /fan-out" }.spanId, handler.parentSpanId)
        val launched = spans.single { it.name == "launched" }
        assertEquals(handler.spanId, launched.parentSpanId)
        assertEquals(handler.spanId, spans.single { it.name == "async" }.parentSpanId)
        assertTrue(handler.endEpochNanos >= launched.endEpochNanos, "the block waits for its children")
    }

    @Test
    fun `the request scope is named after the route and records the status code`() {
        val server = server()
        assertEquals("user 7", runBlocking { get(server, "/api/users/7").bodyAsText() })
        assertEquals(404, get(server, "/nowhere").status.value)
        val spans = awaitSpans(svc, 3)
        val named = spans.single { it.name == "GET /api/users/{id}" }
        assertEquals("/api/users/{id}", named.attributes["http.route"])
        assertEquals(200L, named.attributes["http.response.status_code"])
        assertEquals(named.spanId, spans.single { it.name == "load" }.parentSpanId)
        val notFound = spans.single { it.name == "GET" }
        assertEquals(404L, notFound.attributes["http.response.status_code"])
        assertEquals(SpanStatus.OK, notFound.status, "a 4xx is the client's error, not the server's")
        assertNull(notFound.attributes["http.route"])
    }

    @Test
    fun `a handler exception ends the request scope ERROR and the client still gets Ktor's 500`() {
        val server = server()
        assertEquals(500, get(server, "/boom").status.value)
        assertEquals(503, get(server, "/unavailable").status.value)
        val spans = awaitSpans(svc, 3)
        val boom = spans.single { it.name == "GET /boom" }
        assertEquals(SpanStatus.ERROR, boom.status)
        assertEquals("java.lang.IllegalStateException", boom.error?.type)
        assertEquals(SpanStatus.ERROR, spans.single { it.name == "step" }.status)
        val unavailable = spans.single { it.name == "GET /unavailable" }
        assertEquals(SpanStatus.ERROR, unavailable.status)
        assertEquals(503L, unavailable.attributes["http.response.status_code"])
    }

    @Test
    fun `failing providers and filters never fail the request, and filtered calls are not traced`() {
        val server = server {
            requestAttributes { error("provider bug") }
            requestAttributes { call -> mapOf("path.len" to call.request.path().length) }
            filter { call -> if (call.request.path() == "/api/users/0") error("filter bug") else call.request.path() != "/health" }
        }
        assertEquals(200, get(server, "/health").status.value)
        assertEquals(200, get(server, "/api/users/0").status.value)
        val spans = awaitSpans(svc, 2)
        assertEquals(setOf("GET /api/users/{id}", "load"), spans.map { it.name }.toSet())
        assertTrue(spans.all { it.attributes["path.len"] == 12L })
    }

    @Test
    fun `request attributes reach scopes created explicitly from the request scope`() {
        val server = server {
            serverScope = false // so the attributes come only from the coroutine context
            requestAttributes { mapOf("tenant.id" to "acme") }
        }
        assertEquals(200, get(server, "/manual").status.value)
        val spans = awaitSpans(svc, 2)
        val manual = spans.single { it.name == "manual" }
        assertEquals(spans.single { it.name == "work" }.spanId, manual.parentSpanId)
        assertEquals("acme", manual.attributes["tenant.id"])
        assertEquals("GET", manual.attributes["http.request.method"])
    }

    @Test
    fun `without a server scope the handler's scopes are direct children of the caller with its correlation id`() {
        val server = server { serverScope = false }
        val caller = "0123456789abcdef0123456789abcdef-0123456789abcdef"
        val body = runBlocking {
            get(server, "/link", PARENT_SCOPE_HEADER to caller, CORRELATION_ID_HEADER to "order-9").bodyAsText()
        }
        assertEquals("true|$caller|$caller", body)
        val work = awaitSpans(svc, 1).single()
        assertEquals("work", work.name)
        assertEquals("order-9", work.correlationId)
        assertTrue(work.parentIsRemote)
        assertEquals("GET", work.attributes["http.request.method"])
    }

    @Test
    fun `a call cancelled by the server stopping ends the request scope CANCELLED`() {
        val started = CompletableDeferred<Unit>()
        val server = TestServer {
            install(ServerTracing) { tracing = svc.tracing }
            routing {
                get("/slow") {
                    started.complete(Unit)
                    delay(60_000)
                    call.respondText("late")
                }
            }
        }
        runBlocking {
            val pending = launch(Dispatchers.IO) { runCatching { client.get(server.url + "/slow") } }
            withTimeout(10_000) { started.await() }
            server.close()
            pending.cancelAndJoin()
        }
        val span = awaitSpans(svc, 1).single()
        assertEquals("GET /slow", span.name)
        assertEquals(SpanStatus.CANCELLED, span.status)
        assertNull(span.error)
    }

    @Test
    fun `a disabled Tracing lets calls pass through untouched`() {
        val disabled = Tracing { enabled = false }
        val server = TestServer {
            install(ServerTracing) { tracing = disabled }
            routing { get("/link") { call.respondText("${call.traceScope}|${call.parentLink}") } }
        }.also { servers += it }
        val body = runBlocking { get(server, "/link", PARENT_SCOPE_HEADER to "0123456789abcdef0123456789abcdef-0123456789abcdef").bodyAsText() }
        assertEquals("null|null", body)
    }
}
