package dev.spanwise.tracing.anthropic

import dev.spanwise.tracing.anthropic.internal.ShapeCheck
import dev.spanwise.tracing.model.SpanStatus
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNull
import kotlin.test.assertTrue

class FailClosedTest {
    private val server = FakeAnthropic()

    @AfterEach
    fun stop() = server.close()

    @Test
    fun `a response Spanwise cannot read still reaches the caller, the span ends and one warning is logged`() {
        capture().use { capture ->
            val client = sdkClient(server).traced(capture.tracing)
            val first = client.messages().create(params(Scenario.NO_USAGE))
            val second = client.messages().create(params(Scenario.NO_USAGE))
            assertEquals("msg_01NOUSAGE", first.id())
            assertEquals("msg_01NOUSAGE", second.id())
            assertFailsWith<Exception> { first.usage() } // the SDK itself refuses to read it
            val spans = capture.spans().filter { it.llm != null }
            assertEquals(2, spans.size)
            spans.forEach { assertEquals(SpanStatus.OK, it.status) }
            val warnings = TestLogs.text().lines().filter { it.contains("WARN") && it.contains("recording the response") }
            assertEquals(1, warnings.size, TestLogs.text())
        }
    }

    @Test
    fun `the wrappers fit the SDK on the class path`() {
        assertNull(ShapeCheck.syncMismatch)
        assertNull(ShapeCheck.asyncMismatch)
    }

    /** A wrapper that leaves a method of its interface abstract, as an older wrapper would with a newer SDK. */
    abstract class PartialWrapper : Runnable

    @Test
    fun `a wrapper that lacks a method of the SDK's interface is found`() {
        assertEquals("Runnable.run", ShapeCheck.missing(Runnable::class.java, PartialWrapper::class.java))
        assertTrue(ShapeCheck.missing(Runnable::class.java, Thread::class.java) == null)
    }
}
