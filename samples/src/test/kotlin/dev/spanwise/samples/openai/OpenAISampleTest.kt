package dev.spanwise.samples.openai

import dev.spanwise.tracing.model.ScopeKind
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

class OpenAISampleTest {
    @Test
    fun `the wrapped client's three calls are children of the agent scope and the tree is printed`() {
        val buffer = ByteArrayOutputStream()
        val (answer, spans) = OpenAISample.run(PrintStream(buffer, true, "UTF-8"))
        val printed = buffer.toString("UTF-8")

        assertEquals("Your order ships tomorrow.", answer)
        val agent = spans.single { it.name == "support-agent" }
        val calls = spans.filter { it.parentSpanId == agent.spanId }
        assertEquals(listOf(ScopeKind.EMBEDDING, ScopeKind.LLM, ScopeKind.LLM), calls.map { it.kind })
        assertTrue(calls.all { it.llm?.provider == "openai" && (it.llm?.costUsd ?: 0.0) > 0.0 }, calls.toString())
        assertEquals("order_status", calls[1].llm!!.toolCalls.single().name)
        assertEquals(200L, calls[2].llm!!.usage.cacheReadTokens)
        assertTrue("support-agent" in printed && "chat gpt-4o-mini" in printed, printed)
    }
}
