package dev.spanwise.tracing.ktor

import dev.spanwise.tracing.traced
import io.ktor.client.HttpClient
import io.ktor.client.request.get
import io.ktor.client.request.header
import io.ktor.client.statement.bodyAsText
import io.ktor.server.application.install
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import kotlinx.coroutines.runBlocking
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertTrue
import io.ktor.client.engine.cio.CIO as ClientCIO

/** Session id, tags and metadata travel in `baggage` between two real loopback services; the user id only when allowed. */
class BaggagePropagationTest {
    private val outbound = HttpClient(ClientCIO) { install(ClientTracing) }
    private val plain = HttpClient(ClientCIO)
    private val services = ArrayList<TestService>()
    private val servers = ArrayList<TestServer>()

    @AfterTest
    fun stop() {
        outbound.close()
        plain.close()
        servers.forEach { it.close() }
        runBlocking { services.forEach { it.tracing.shutdown() } }
    }

    /** A calls B from `traced("gateway")` after setting the identity; returns what B received as `baggage`. */
    private fun run(propagateUserId: Boolean): Pair<TestService, String> = runBlocking {
        val a = TestService("service-a", propagateUserId).also { services.add(it) }
        val b = TestService("service-b", propagateUserId).also { services.add(it) }
        val serverB = TestServer {
            install(ServerTracing) { tracing = b.tracing }
            routing {
                get("/orders") {
                    traced("lookup") { }
                    call.respondText(call.request.headers["baggage"] ?: "")
                }
            }
        }.also { servers.add(it) }
        val serverA = TestServer {
            install(ServerTracing) { tracing = a.tracing }
            routing {
                get("/checkout") {
                    val body = traced("gateway") {
                        session("conv 1/ä")
                        user("u-7")
                        tags("beta", "vip")
                        metadata("plan", "pro")
                        outbound.get("${serverB.url}/orders").bodyAsText()
                    }
                    call.respondText(body)
                }
            }
        }.also { servers.add(it) }
        val sent = plain.get("${serverA.url}/checkout").bodyAsText()
        awaitSpans(b, 2)
        b to sent
    }

    @Test
    fun `session id, tags and metadata reach the called service and mark its whole trace`() {
        val (b, sent) = run(propagateUserId = false)
        assertTrue(sent.contains("session.id=conv%201/%C3%A4"), sent)
        assertTrue(!sent.contains("user.id"), "user id is not sent by default: $sent")
        for (name in listOf("GET /orders", "lookup")) {
            val identity = b.spans.single(name).identity!!
            assertEquals("conv 1/ä", identity.sessionId, name)
            assertEquals(setOf("beta", "vip"), identity.tags)
            assertEquals(mapOf<String, Any>("plan" to "pro"), identity.metadata)
            assertNull(identity.userId)
        }
    }

    @Test
    fun `the user id travels only with propagateUserId`() {
        val (b, sent) = run(propagateUserId = true)
        assertTrue(sent.contains("user.id=u-7"), sent)
        assertEquals("u-7", b.spans.single("lookup").identity!!.userId)
    }

    @Test
    fun `invalid or oversized baggage is ignored without failing the request`() = runBlocking {
        val b = TestService("service-b").also { services.add(it) }
        val server = TestServer {
            install(ServerTracing) { tracing = b.tracing }
            routing { get("/x") { call.respondText("ok") } }
        }.also { servers.add(it) }
        val bad = "session.id=%ZZ,=novalue,spanwise.tags,user.id=u-1,spanwise.metadata.k=v"
        assertEquals("ok", plain.get("${server.url}/x") { header("baggage", bad) }.bodyAsText())
        assertEquals("ok", plain.get("${server.url}/x") { header("baggage", "session.id=" + "a".repeat(5000)) }.bodyAsText())
        awaitSpans(b, 2)
        val identities = b.spans.spans.map { it.identity }
        assertEquals(mapOf<String, Any>("k" to "v"), identities[0]!!.metadata, "valid entries kept, invalid ones ignored")
        assertNull(identities[0]!!.sessionId)
        assertNull(identities[0]!!.userId, "user id not accepted without propagateUserId")
        assertNull(identities[1])
    }
}
