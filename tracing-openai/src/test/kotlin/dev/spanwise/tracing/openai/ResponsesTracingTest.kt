package dev.spanwise.tracing.openai

import com.openai.errors.BadRequestException
import com.openai.models.ChatModel
import com.openai.models.responses.ResponseCreateParams
import com.openai.models.responses.ResponseStreamEvent
import dev.spanwise.tracing.model.SpanStatus
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith

class ResponsesTracingTest {
    private val server = FakeOpenAI()
    private val capture = capture()
    private val client = server.client().traced(capture.tracing)

    @AfterEach
    fun close() {
        capture.close()
        server.close()
    }

    private fun params(scenario: String? = null): ResponseCreateParams {
        val builder = ResponseCreateParams.builder()
            .model(ChatModel.GPT_4O_MINI)
            .instructions("You answer in one sentence.")
            .input("What is the capital of France?")
            .temperature(0.2)
            .topP(0.9)
            .maxOutputTokens(256)
        if (scenario != null) builder.putAdditionalHeader(FakeOpenAI.SCENARIO, scenario)
        return builder.build()
    }

    @Test
    fun `a response is an LLM span with usage, cost, id, finish reason, parameters and content`() {
        val response = client.responses().create(params())

        assertEquals("resp_abc123", response.id())
        val span = capture.span("chat gpt-4o-mini")
        capture.assertThat(span).isLlmCall().isOk().hasResponseModel("gpt-4o-mini-2024-07-18")
            .hasInputTokens(120).hasOutputTokens(40).hasCacheReadTokens(100).hasReasoningTokens(12).hasCost(EXPECTED_COST)
            .hasAttribute(OpenAIAttributes.API, "responses")
        val llm = span.llm!!
        assertEquals("resp_abc123", llm.responseId)
        assertEquals(listOf("stop"), llm.finishReasons)
        assertEquals(0.2, llm.request!!.temperature)
        assertEquals(256L, llm.request!!.maxTokens)
        assertEquals("system: You answer in one sentence.\nuser: What is the capital of France?", llm.input)
        assertEquals(Fixtures.ANSWER, llm.output)
    }

    @Test
    fun `a response asking for a tool records the call`() {
        client.responses().create(params("tools"))
        val span = capture.span("chat gpt-4o-mini")
        assertEquals(listOf("tool_calls"), span.llm!!.finishReasons)
        capture.assertThat(span).askedForTool("call_abc123", "get_weather")
        assertEquals("{\"city\":\"Paris\"}", span.llm!!.toolCalls.single().arguments)
    }

    @Test
    fun `a streamed response takes its usage from response completed`() {
        val events = client.responses().createStreaming(params()).use { it.stream().iterator().asSequence().toList() }

        assertEquals(6, events.size)
        val span = capture.span("chat gpt-4o-mini")
        capture.assertThat(span).isOk().hasInputTokens(120).hasOutputTokens(40).hasCacheReadTokens(100)
            .hasCost(EXPECTED_COST).hasAttribute(StreamingKeys.CHUNKS, 6L).hasAttribute(StreamingKeys.STREAM, true)
        assertEquals("resp_abc123", span.llm!!.responseId)
        assertEquals(Fixtures.ANSWER, span.llm!!.output)
    }

    @Test
    fun `a streamed response closed early is CANCELLED, one dropped is ERROR`() {
        client.responses().createStreaming(params()).use { s -> s.stream().limit(2).forEach { _: ResponseStreamEvent -> } }
        assertFailsWith<RuntimeException> {
            client.responses().createStreaming(params("drop")).use { s -> s.stream().forEach { _: ResponseStreamEvent -> } }
        }

        val spans = capture.spans("chat gpt-4o-mini")
        assertEquals(listOf(SpanStatus.CANCELLED, SpanStatus.ERROR), spans.map { it.status })
        assertEquals("resp_abc123", spans[0].llm!!.responseId)
    }

    @Test
    fun `async responses and errors are traced`() {
        server.asyncClient().traced(capture.tracing).responses().create(params()).get(10, TimeUnit.SECONDS)
        assertFailsWith<BadRequestException> { client.responses().create(params("error-400")) }

        val spans = capture.spans("chat gpt-4o-mini")
        assertEquals(listOf(SpanStatus.OK, SpanStatus.ERROR), spans.map { it.status })
        assertEquals(400L, spans[1].attributes.toMap()[OpenAIAttributes.HTTP_STATUS_CODE])
    }
}
