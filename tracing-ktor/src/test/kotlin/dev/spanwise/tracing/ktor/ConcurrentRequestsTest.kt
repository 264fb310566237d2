package dev.spanwise.tracing.ktor

import dev.spanwise.tracing.propagation.PARENT_SCOPE_HEADER
import dev.spanwise.tracing.scope.RequestAttributes
import dev.spanwise.tracing.scope.currentScope
import dev.spanwise.tracing.traced
import io.ktor.client.HttpClient
import io.ktor.client.request.get
import io.ktor.client.request.header
import io.ktor.client.statement.bodyAsText
import io.ktor.server.application.install
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlin.random.Random
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import io.ktor.client.engine.cio.CIO as ClientCIO

/** H8: 1000 concurrent requests with distinct ids; every handler sees only its own values. */
class ConcurrentRequestsTest {
    private val svc = TestService("service-b")
    private val server = TestServer {
        install(ServerTracing) {
            tracing = svc.tracing
            requestAttributes { call -> mapOf("request.n" to call.request.headers["x-n"]) }
        }
        routing {
            get("/work") {
                val seen = traced("work") {
                    delay(Random.nextLong(0, 5)) // interleave requests on the server's threads
                    withContext(Dispatchers.IO) {
                        val n = currentCoroutineContext()[RequestAttributes]?.attributes?.get("request.n")
                        "$n|${call.traceScope?.parentScopeId}|${call.traceScope?.id == currentScope()?.parentScopeId}"
                    }
                }
                call.respondText(seen)
            }
        }
    }
    private val client = HttpClient(ClientCIO) {
        engine {
            maxConnectionsCount = 1000
            endpoint.maxConnectionsPerRoute = 250
            endpoint.connectTimeout = 30_000
            endpoint.connectAttempts = 3
        }
    }

    @AfterTest
    fun stop() {
        client.close()
        server.close()
        runBlocking { svc.tracing.shutdown() }
    }

    @Test
    fun `1000 concurrent requests each see their own parent and request attributes`() = runBlocking {
        val n = 1000
        val ids = List(n) { i -> "%032x-%016x".format(i + 1L, 0x1000L + i) }
        val answers = withTimeout(120_000) {
            (0 until n).map { i ->
                async(Dispatchers.IO) {
                    client.get("${server.url}/work") {
                        header(PARENT_SCOPE_HEADER, ids[i])
                        header("x-n", i.toString())
                    }.bodyAsText()
                }
            }.awaitAll()
        }
        for (i in 0 until n) assertEquals("$i|${ids[i]}|true", answers[i], "request $i")

        val spans = awaitSpans(svc, 2 * n)
        assertEquals(2 * n, spans.size)
        val servers = spans.filter { it.kind == dev.spanwise.tracing.model.ScopeKind.SERVER }.associateBy { it.spanId }
        for (work in spans.filter { it.name == "work" }) {
            val server = servers.getValue(work.parentSpanId)
            val i = (work.attributes["request.n"] as String).toInt()
            assertEquals(ids[i], server.parentScopeId, "server scope of request $i")
            assertEquals(i.toString(), server.attributes["request.n"])
            assertEquals(server.traceIdHex, work.traceIdHex)
        }
    }
}
