package dev.spanwise.tracing.export

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.internal.engine.TextBounds
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.model.AttributeLimits
import dev.spanwise.tracing.testing.FakeReceiver
import dev.spanwise.tracing.testing.inMemoryTracing
import kotlinx.coroutines.runBlocking
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.seconds

/**
 * RELIABILITY N4: every string a user passes — event names and attributes, a new span name,
 * correlation id, provider, model, operation, response model, finish reasons, exception type and
 * message — is bounded by the configured limits like span names, and each cut is counted.
 */
class UserStringLimitsTest {
    @Test
    fun `10 MB strings passed to a span never reach the wire - the OTLP request stays small`(): Unit = runBlocking {
        FakeReceiver().use { receiver ->
            val tracing = Tracing {
                serviceName = "limits"
                registerShutdownHook = false
                exporter = Exporters.otlpHttp(receiver.url)
            }
            val huge = "e".repeat(10_000_000)
            val reason = "r".repeat(5_000)
            tracing.begin("agent", correlationId = huge).apply {
                updateName(huge)
                event(huge, mapOf(huge to huge))
                event("second", mapOf("k" to huge))
                recordException(RuntimeException(huge))
                createLlmCall("llm", provider = huge, model = huge, operation = huge).apply {
                    responseModel(huge)
                    finishReasons(*Array(10_000) { reason })
                }.end()
            }.end()
            val result = tracing.shutdown(5.seconds)
            assertEquals(2, result.exported, result.toString())
            val body = receiver.requests.single().body
            println("N4: one request of ${body.length} chars")
            // Only the stack trace (bounded at 16 K chars on its own) may quote more of the message.
            assertFalse(body.contains("e".repeat(16 * 1024 + 1)), "no string longer than the stack-trace bound")
            val runs = Regex("\"(e+)\"").findAll(body).map { it.groupValues[1].length }.toList()
            assertTrue(runs.isNotEmpty() && runs.all { it <= 4096 }, "every string value within maxValueLength: $runs")
            assertTrue(body.contains("\"name\":\"" + "e".repeat(4096) + "\""), "the event name, cut to 4096 chars")
            assertEquals(128, Regex("\"${reason.substring(0, 4096)}\"").findAll(body).count(), "finish reasons: at most maxAttributes entries")
            assertTrue(body.length < 1_000_000, "request of ${body.length} chars")
        }
    }

    @Test
    fun `at the limit a string is kept, one char more is cut without splitting a surrogate pair, and each cut is counted`(): Unit = runBlocking {
        val (tracing, spans) = inMemoryTracing {
            registerShutdownHook = false
            limits = AttributeLimits.of(maxValueLength = 16, maxAttributes = 2)
        }
        val before = TextBounds.truncated.get()
        tracing.begin("s").apply {
            event("a".repeat(16))
            event("b".repeat(17))
            event("abcdefghijklmno\uD83D\uDE00") // the pair sits at chars 16-17
            recordException(IllegalStateException("boom"))
        }.end()
        tracing.beginLlmCall("llm").apply {
            responseModel("gpt-4o-2024-08-06-extended")
            finishReasons("stop", "length", "content_filter")
        }.end()
        tracing.flush()
        val s = spans.single("s")
        assertEquals(listOf("a".repeat(16), "b".repeat(16), "abcdefghijklmno"), s.events.map { it.name })
        assertEquals("java.lang.Illega", s.error!!.type)
        val llm = spans.single("llm").llm!!
        assertEquals("gpt-4o-2024-08-0", llm.responseModel)
        assertEquals(listOf("stop", "length"), llm.finishReasons)
        assertEquals(5, TextBounds.truncated.get() - before, "b, the emoji, the exception type, the model, the reasons list")
        tracing.shutdown()
    }
}
