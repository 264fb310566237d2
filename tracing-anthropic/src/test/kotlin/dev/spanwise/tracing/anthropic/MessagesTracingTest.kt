package dev.spanwise.tracing.anthropic

import com.anthropic.core.JsonValue
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.scope.CurrentThreadScope
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

class MessagesTracingTest {
    private val server = FakeAnthropic()

    @AfterEach
    fun stop() = server.close()

    @Test
    fun `a message call is an LLM span with models, usage counting cache reads and writes, cost and request parameters`() {
        capture().use { capture ->
            val client = sdkClient(server).traced(capture.tracing)
            val agent = capture.tracing.begin("agent")
            val previous = CurrentThreadScope.enter(agent)
            try {
                val message =
                    client.messages().create(
                        params(Scenario.TEXT) {
                            stopSequences(listOf("END"))
                            putAdditionalBodyProperty("temperature", JsonValue.from(0.2))
                            putAdditionalBodyProperty("top_p", JsonValue.from(0.9))
                            putAdditionalBodyProperty("top_k", JsonValue.from(40))
                        },
                    )
                assertEquals("msg_01TEXT", message.id())
            } finally {
                CurrentThreadScope.restore(previous)
                agent.end()
            }

            val span = capture.llmSpan()
            capture.assertThat(span).isLlmCall().isUnder("agent").isOk()
                .hasModel(AnthropicWire.MODEL).hasResponseModel(AnthropicWire.RESPONSE_MODEL)
                .hasInputTokens(160).hasOutputTokens(20).hasCacheReadTokens(50)
            val llm = span.llm!!
            assertEquals("chat ${AnthropicWire.MODEL}", span.name)
            assertEquals(ScopeKind.LLM, span.kind)
            assertEquals("anthropic", llm.provider)
            assertEquals("chat", llm.operation)
            assertEquals(10, llm.usage.cacheWriteTokens)
            assertEquals(listOf("end_turn"), llm.finishReasons)
            assertEquals("msg_01TEXT", llm.responseId)
            val expectedCost = (100 * INPUT_PRICE + 50 * CACHE_READ_PRICE + 10 * CACHE_WRITE_PRICE + 20 * OUTPUT_PRICE) / 1_000_000
            assertEquals(expectedCost, llm.costUsd!!, 1e-12)
            val request = assertNotNull(llm.request)
            assertEquals(256L, request.maxTokens)
            assertEquals(0.2, request.temperature)
            assertEquals(0.9, request.topP)
            assertEquals(40L, request.topK)
            assertEquals(listOf("END"), request.stopSequences)
            assertEquals(false, request.stream)
            assertEquals(1, server.requests.get())
        }
    }

    @Test
    fun `content is rendered as text and kept only with content capture on`() {
        capture(captureContent = true).use { capture ->
            sdkClient(server).traced(capture.tracing).messages().create(params(Scenario.TEXT))
            val llm = capture.llmSpan().llm!!
            assertEquals("system: You are a geography tutor.\nuser: What is the capital of France?", llm.input)
            assertEquals("Paris is the capital of France.", llm.output)
        }
        capture(captureContent = false).use { capture ->
            sdkClient(server).traced(capture.tracing).messages().create(params(Scenario.TEXT))
            val span = capture.llmSpan()
            assertNull(span.llm!!.input)
            assertNull(span.llm!!.output)
        }
    }

    @Test
    fun `tool_use blocks are recorded as tool calls`() {
        capture(captureContent = true).use { capture ->
            val message = sdkClient(server).traced(capture.tracing).messages().create(params(Scenario.TOOL_USE))
            assertTrue(message.content()[1].isToolUse())
            val span = capture.llmSpan()
            assertEquals(listOf("tool_use"), span.llm!!.finishReasons)
            val call = span.llm!!.toolCalls.single()
            assertEquals("toolu_01A", call.id)
            assertEquals("get_weather", call.name)
            assertEquals("""{"city":"Paris"}""", call.arguments)
            assertEquals(300, span.llm!!.usage.inputTokens)
        }
    }

    @Test
    fun `a root span when no scope is current, and the untraced parts of the client pass through`() {
        capture().use { capture ->
            val plain = sdkClient(server)
            val client = SpanwiseAnthropic.wrap(plain, capture.tracing)
            client.messages().create(params(Scenario.TEXT))
            capture.assertThat(capture.llmSpan()).isRoot()
            // withOptions keeps the tracing; withRawResponse is the SDK's own, untraced.
            client.withOptions { it.maxRetries(0) }.messages().create(params(Scenario.TEXT))
            client.withRawResponse().messages().create(params(Scenario.TEXT)).parse()
            assertEquals(2, capture.spans().count { it.llm != null })
            assertEquals(3, server.requests.get())
            assertEquals(plain.options().baseUrl(), client.options().baseUrl())
        }
    }

    @Test
    fun `the API key reaches the server but no span and no log line`() {
        capture(captureContent = true).use { capture ->
            val client = sdkClient(server).traced(capture.tracing)
            client.messages().create(params(Scenario.TEXT))
            runCatching { client.messages().create(params(Scenario.error(401))) }
            assertTrue(server.credentials.any { it.contains(API_KEY) })
            capture.spans().forEach { assertFalse(it.allText().contains(API_KEY), "key in span ${it.name}") }
            assertEquals(SpanStatus.ERROR, capture.spans().last().status)
            assertFalse(TestLogs.text().contains(API_KEY))
        }
    }
}
