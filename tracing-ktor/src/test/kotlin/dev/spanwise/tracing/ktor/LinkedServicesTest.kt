package dev.spanwise.tracing.ktor

import dev.spanwise.tracing.llm
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.scope.currentScope
import dev.spanwise.tracing.traced
import io.ktor.client.HttpClient
import io.ktor.client.request.get
import io.ktor.client.statement.bodyAsText
import io.ktor.server.application.install
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import kotlinx.coroutines.runBlocking
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertNotNull
import kotlin.test.assertTrue
import io.ktor.client.engine.cio.CIO as ClientCIO

/** Two real services on loopback: A's `traced("gateway")` calls B through a client with [ClientTracing]. */
class LinkedServicesTest {
    private val a = TestService("service-a")
    private val b = TestService("service-b")
    private val outbound = HttpClient(ClientCIO) { install(ClientTracing) }
    private val plain = HttpClient(ClientCIO)

    private val serverB = TestServer {
        install(ServerTracing) {
            tracing = b.tracing
            requestAttributes { call -> mapOf("tenant.id" to call.request.headers["x-tenant"]) }
        }
        routing {
            get("/orders/{id}") {
                val answer = traced("lookup") {
                    llm("summarise", provider = "openai", model = "gpt-4o") {
                        usage(inputTokens = 10, outputTokens = 5)
                        "order ${call.parameters["id"]}"
                    }
                }
                call.respondText(answer)
            }
        }
    }

    private val serverA = TestServer {
        install(ServerTracing) { tracing = a.tracing }
        routing {
            get("/checkout") {
                val body = traced("gateway", correlationId = "order-42") {
                    outbound.get("${serverB.url}/orders/7") { headers.append("x-tenant", "acme") }.bodyAsText()
                }
                call.respondText("${currentScope()?.id}|$body")
            }
        }
    }

    @AfterTest
    fun stop() {
        outbound.close()
        plain.close()
        serverA.close()
        serverB.close()
        runBlocking {
            a.tracing.shutdown()
            b.tracing.shutdown()
        }
    }

    @Test
    fun `B's spans are children of A's gateway scope in the same trace with A's correlation id`() = runBlocking {
        val response = plain.get("${serverA.url}/checkout").bodyAsText()
        awaitSpans(a, 2)
        awaitSpans(b, 3)

        val requestScopeA = a.spans.single("GET /checkout")
        val gateway = a.spans.single("gateway")
        assertEquals("order 7", response.substringAfter('|'))
        assertEquals(requestScopeA.scopeId, response.substringBefore('|'), "currentScope() in the handler is the server scope")
        assertEquals(ScopeKind.SERVER, requestScopeA.kind)
        assertEquals(requestScopeA.spanId, gateway.parentSpanId)

        val serverScopeB = b.spans.single("GET /orders/{id}")
        assertEquals(ScopeKind.SERVER, serverScopeB.kind)
        assertEquals(gateway.traceIdHex, serverScopeB.traceIdHex, "same trace")
        assertEquals(gateway.spanId, serverScopeB.parentSpanId, "B's request scope is a child of A's gateway scope")
        assertTrue(serverScopeB.parentIsRemote)
        assertEquals("order-42", gateway.correlationId)
        assertEquals("order-42", serverScopeB.correlationId)
        assertEquals("/orders/{id}", serverScopeB.attributes["http.route"])
        assertEquals(200L, serverScopeB.attributes["http.response.status_code"])
        assertEquals(SpanStatus.OK, serverScopeB.status)

        val lookup = b.spans.single("lookup")
        val summarise = b.spans.single("summarise")
        assertEquals(serverScopeB.spanId, lookup.parentSpanId)
        assertEquals(lookup.spanId, summarise.parentSpanId)
        for (span in listOf(serverScopeB, lookup, summarise)) {
            assertEquals(gateway.traceIdHex, span.traceIdHex)
            assertEquals("order-42", span.correlationId, "correlation id on ${span.name}")
            assertEquals("acme", span.attributes["tenant.id"], "request attribute on ${span.name}")
            assertEquals("GET", span.attributes["http.request.method"])
        }
        assertNotNull(summarise.llm)
        assertEquals(0L, serverB.application.serverTracingStats!!.rejectedTotal)
    }
}
