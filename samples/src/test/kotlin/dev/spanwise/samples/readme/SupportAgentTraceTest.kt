package dev.spanwise.samples.readme

import dev.spanwise.samples.demo.SupportAgent
import dev.spanwise.samples.demo.demoPricing
import dev.spanwise.tracing.test.TraceCapture
import kotlinx.coroutines.runBlocking
import kotlin.test.Test
import kotlin.test.assertEquals

/** The README's test-kit example in Kotlin: the demo agent checked as a tree. */
class SupportAgentTraceTest {
    @Test
    fun `the refund is drafted by an LLM call under the billing agent`() = runBlocking {
        // --- test kit (Kotlin) ---
        TraceCapture { demoPricing() }.use { capture ->
            SupportAgent(capture.tracing).handle("ticket-1042", "My order 1042 arrived damaged, I want a refund")
            capture.assertThat("draft-refund").isLlmCall().isUnder("billing-agent").hasReasoningTokens(384)
            capture.assertThat("billing-agent").isAgent().isInside("support-agent")
            assertEquals(2, capture.spans("lookup-order").size) // the failed call and its retry
        }
        // --- end ---
    }
}
