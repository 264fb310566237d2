package dev.spanwise.samples.anthropic

import java.io.ByteArrayOutputStream
import java.io.PrintStream
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

class AnthropicSampleTest {
    @Test
    fun `the sample's SDK calls print as LLM spans under the agent, with the tool run and the stream`() {
        val buffer = ByteArrayOutputStream()
        val answer = AnthropicSample.run(PrintStream(buffer, true, "UTF-8"))
        val printed = buffer.toString("UTF-8")
        println(printed)

        assertEquals("Order 1042 shipped yesterday; a refund for the damage is on its way.", answer)
        assertTrue("support-agent" in printed, printed)
        assertEquals(3, Regex("LLM chat claude-sonnet-4").findAll(printed).count(), printed)
        assertTrue("order_status" in printed, printed)
        assertTrue("no-key-needed" !in printed, printed)
    }
}
