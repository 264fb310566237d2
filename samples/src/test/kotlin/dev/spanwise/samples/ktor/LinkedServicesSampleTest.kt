package dev.spanwise.samples.ktor

import dev.spanwise.tracing.model.ScopeKind
import kotlinx.coroutines.runBlocking
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

class LinkedServicesSampleTest {
    @Test
    fun `the orders service's spans land under the gateway's checkout scope and both trees are printed`() {
        val buffer = ByteArrayOutputStream()
        val result = runBlocking { LinkedServicesSample.run(PrintStream(buffer, true, "UTF-8")) }
        val printed = buffer.toString("UTF-8")

        assertEquals("Your order 42: 2 items, shipped.", result.answer)
        val checkout = result.gatewaySpans.single { it.name == "checkout" }
        val request = result.ordersSpans.single { it.kind == ScopeKind.SERVER }
        assertEquals("GET /orders/{id}", request.name)
        assertEquals(checkout.traceIdHex, request.traceIdHex)
        assertEquals(checkout.spanId, request.parentSpanId)
        assertTrue(result.ordersSpans.all { it.traceIdHex == checkout.traceIdHex && it.correlationId == "order-42" })
        assertTrue(result.ordersSpans.all { it.attributes["tenant.id"] == "acme" })
        assertEquals(4, result.ordersSpans.size)

        assertTrue("is a child of gateway's 'checkout'" in printed, printed)
        assertTrue(printed.split("trace ${checkout.traceIdHex}").size >= 3, "both services print the same trace id:\n$printed")
        assertTrue("LLM summarise" in printed && "CHAIN checkout" in printed, printed)
    }
}
