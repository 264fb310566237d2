package dev.spanwise.tracing.anthropic

import com.anthropic.errors.AnthropicServiceException
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.scope.CurrentThreadScope
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.stream.Collectors
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertTrue

class StreamingTracingTest {
    private val server = FakeAnthropic()

    @AfterEach
    fun stop() = server.close()

    @Test
    fun `a stream records usage from message_start and message_delta, tool calls from JSON pieces, TTFT and chunks`() {
        capture(captureContent = true).use { capture ->
            val client = sdkClient(server).traced(capture.tracing)
            val events = client.messages().createStreaming(params(Scenario.STREAM)).use { stream -> stream.stream().collect(Collectors.toList()) }
            assertEquals(12, events.size) // ping is not an event the SDK hands out
            val span = capture.llmSpan()
            capture.assertThat(span).isLlmCall().isOk().hasModel(AnthropicWire.MODEL).hasResponseModel(AnthropicWire.RESPONSE_MODEL)
                .hasInputTokens(300).hasOutputTokens(42).hasCacheReadTokens(80)
                .hasAttribute("spanwise.stream.chunks", 5L)
            val llm = span.llm!!
            assertEquals(20, llm.usage.cacheWriteTokens)
            assertEquals("msg_01STREAM", llm.responseId)
            assertEquals(listOf("tool_use"), llm.finishReasons)
            assertEquals(true, llm.request!!.stream)
            assertEquals("Hello, world", llm.output)
            assertNotNull(span.attributes["gen_ai.response.time_to_first_chunk"])
            val call = span.llm!!.toolCalls.single()
            assertEquals("toolu_02B", call.id)
            assertEquals("get_weather", call.name)
            assertEquals("""{"city": "Paris"}""", call.arguments)
        }
    }

    @Test
    fun `a stream read later on another thread stays under the scope it was created in`() {
        capture().use { capture ->
            val client = sdkClient(server).traced(capture.tracing)
            val agent = capture.tracing.begin("agent")
            val previous = CurrentThreadScope.enter(agent)
            val stream =
                try {
                    client.messages().createStreaming(params(Scenario.STREAM))
                } finally {
                    CurrentThreadScope.restore(previous)
                }
            val pool = Executors.newSingleThreadExecutor()
            try {
                pool.submit { stream.use { s -> s.stream().forEach { } } }.get(10, TimeUnit.SECONDS)
            } finally {
                pool.shutdown()
            }
            agent.end()
            capture.assertThat(capture.llmSpan()).isUnder("agent").isOk()
        }
    }

    @Test
    fun `closing a stream early ends the span CANCELLED with what arrived`() {
        capture().use { capture ->
            val client = sdkClient(server).traced(capture.tracing)
            client.messages().createStreaming(params(Scenario.STREAM)).use { stream ->
                val first = stream.stream().limit(4).collect(Collectors.toList())
                assertEquals(4, first.size)
            }
            val span = capture.llmSpan()
            assertEquals(SpanStatus.CANCELLED, span.status)
            assertEquals(300, span.llm!!.usage.inputTokens)
            assertEquals(2L, span.attributes["spanwise.stream.chunks"]) // message_start, content_block_start and two deltas
        }
    }

    @Test
    fun `a connection dropped mid-stream ends the span ERROR and the reader gets the SDK's exception`() {
        capture().use { capture ->
            val client = sdkClient(server).traced(capture.tracing)
            val thrown =
                assertFailsWith<Throwable> {
                    client.messages().createStreaming(params(Scenario.STREAM_DROPPED)).use { it.stream().forEach { } }
                }
            val span = capture.llmSpan()
            assertEquals(SpanStatus.ERROR, span.status)
            assertEquals(thrown.javaClass.name, span.error!!.type)
            assertEquals(300, span.llm!!.usage.inputTokens)
        }
    }

    @Test
    fun `a stream that ends without message_stop ends the span ERROR`() {
        capture().use { capture ->
            val client = sdkClient(server).traced(capture.tracing)
            client.messages().createStreaming(params(Scenario.STREAM_TRUNCATED)).use { it.stream().forEach { } }
            assertEquals(SpanStatus.ERROR, capture.llmSpan().status)
        }
    }

    @Test
    fun `an error event ends the span ERROR with the provider's error type`() {
        capture().use { capture ->
            val client = sdkClient(server).traced(capture.tracing)
            val thrown =
                assertFailsWith<AnthropicServiceException> {
                    client.messages().createStreaming(params(Scenario.STREAM_ERROR_EVENT)).use { it.stream().forEach { } }
                }
            val span = capture.llmSpan()
            assertEquals(SpanStatus.ERROR, span.status)
            assertEquals(thrown.javaClass.name, span.error!!.type)
            assertEquals("overloaded_error", span.attributes[SpanwiseAnthropic.PROVIDER_ERROR_TYPE])
            assertTrue(span.llm!!.usage.inputTokens > 0)
        }
    }

    @Test
    fun `a stream that fails to open ends the span ERROR`() {
        capture().use { capture ->
            val client = sdkClient(server).traced(capture.tracing)
            assertFailsWith<AnthropicServiceException> {
                client.messages().createStreaming(params(Scenario.error(429))).use { it.stream().forEach { } }
            }
            val span = capture.llmSpan()
            assertEquals(SpanStatus.ERROR, span.status)
            assertEquals("rate_limit_error", span.attributes[SpanwiseAnthropic.PROVIDER_ERROR_TYPE])
        }
    }
}
