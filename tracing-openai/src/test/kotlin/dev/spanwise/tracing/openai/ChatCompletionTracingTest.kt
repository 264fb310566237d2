package dev.spanwise.tracing.openai

import com.openai.client.OpenAIClientImpl
import com.openai.core.ClientOptions
import com.openai.errors.OpenAIIoException
import com.openai.errors.OpenAIServiceException
import com.openai.errors.UnauthorizedException
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.scope.CurrentThreadScope
import dev.spanwise.tracing.traced
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.CsvSource
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertSame
import kotlin.test.assertTrue

class ChatCompletionTracingTest {
    private val server = FakeOpenAI()
    private val capture = capture()
    private val client = server.client().traced(capture.tracing)

    @AfterEach
    fun close() {
        capture.close()
        server.close()
    }

    @Test
    fun `a chat completion is an LLM span with models, usage, cost, finish reason, id, parameters and content`() {
        val completion = client.chat().completions().create(chatParams())

        assertEquals(Fixtures.ANSWER, completion.choices()[0].message().content().get())
        val span = capture.span("chat gpt-4o-mini")
        capture.assertThat(span).isLlmCall().isOk().isRoot()
            .hasModel("gpt-4o-mini").hasResponseModel("gpt-4o-mini-2024-07-18")
            .hasInputTokens(120).hasOutputTokens(40).hasCacheReadTokens(100).hasReasoningTokens(12)
            .hasCost(EXPECTED_COST)
            .hasAttribute(OpenAIAttributes.API, "chat.completions")
        val llm = span.llm!!
        assertEquals("openai", llm.provider)
        assertEquals("chat", llm.operation)
        assertEquals(listOf("stop"), llm.finishReasons)
        assertEquals("chatcmpl-abc123", llm.responseId)
        val request = llm.request!!
        assertEquals(0.2, request.temperature)
        assertEquals(0.9, request.topP)
        assertEquals(256L, request.maxTokens)
        assertEquals(listOf("END"), request.stopSequences)
        assertEquals(0.1, request.frequencyPenalty)
        assertEquals(0.3, request.presencePenalty)
        assertEquals(1L, request.choiceCount)
        assertEquals(false, request.stream)
        assertEquals("system: You answer in one sentence.\nuser: What is the capital of France?", llm.input)
        assertEquals(Fixtures.ANSWER, llm.output)
    }

    @Test
    fun `content is not kept when content capture is off`() {
        dev.spanwise.tracing.test.TraceCapture().use { plain ->
            server.client().traced(plain.tracing).chat().completions().create(chatParams())
            val llm = plain.span("chat gpt-4o-mini").llm!!
            assertNull(llm.input)
            assertNull(llm.output)
            assertEquals(120L, llm.usage.inputTokens)
        }
    }

    @Test
    fun `tool calls the model asks for are recorded`() {
        val completion = client.chat().completions().create(chatParams("tools"))

        assertEquals("get_weather", completion.choices()[0].message().toolCalls().get()[0].asFunction().function().name())
        val span = capture.span("chat gpt-4o-mini")
        assertEquals(listOf("tool_calls"), span.llm!!.finishReasons)
        capture.assertThat(span).askedForTool("call_abc123", "get_weather")
        assertEquals("{\"city\":\"Paris\"}", span.llm!!.toolCalls.single().arguments)
    }

    @ParameterizedTest
    @CsvSource(
        "error-400, 400, com.openai.errors.BadRequestException, invalid_request_error, context_length_exceeded",
        "error-401, 401, com.openai.errors.UnauthorizedException, invalid_request_error, invalid_api_key",
        "error-429, 429, com.openai.errors.RateLimitException, requests, rate_limit_exceeded",
        "error-500, 500, com.openai.errors.InternalServerException, server_error, ''",
    )
    fun `an API error ends the span ERROR with the status, OpenAI's error type and code, and reaches the caller unchanged`(
        scenario: String,
        status: Int,
        type: String,
        errorType: String,
        errorCode: String?,
    ) {
        val thrown = assertFailsWith<OpenAIServiceException> { client.chat().completions().create(chatParams(scenario)) }

        assertEquals(type, thrown.javaClass.name)
        val span = capture.span("chat gpt-4o-mini")
        capture.assertThat(span).hasStatus(SpanStatus.ERROR).failedWith(thrown.javaClass)
            .hasAttribute(OpenAIAttributes.HTTP_STATUS_CODE, status.toLong())
            .hasAttribute(OpenAIAttributes.PROVIDER_ERROR_TYPE, errorType)
        if (errorCode.isNullOrEmpty()) {
            capture.assertThat(span).hasNoAttribute(OpenAIAttributes.PROVIDER_ERROR_CODE)
        } else {
            capture.assertThat(span).hasAttribute(OpenAIAttributes.PROVIDER_ERROR_CODE, errorCode)
        }
    }

    @Test
    fun `the exception the caller sees is the same instance the SDK threw`() {
        val failure = OpenAIIoException("network down")
        val transport = FailingTransport(failure)
        val plain = OpenAIClientImpl(ClientOptions.builder().httpClient(transport).apiKey("k").maxRetries(0).build())
        // The SDK itself passes its transport's exception through; the traced client must too.
        assertSame(failure, assertFailsWith<OpenAIIoException> { plain.chat().completions().create(chatParams()) })

        val traced = plain.traced(capture.tracing)
        assertSame(failure, assertFailsWith<OpenAIIoException> { traced.chat().completions().create(chatParams()) })
        val thrown = assertFailsWith<java.util.concurrent.ExecutionException> { traced.async().chat().completions().create(chatParams()).get() }
        assertSame(failure, thrown.cause)

        val spans = capture.spans("chat gpt-4o-mini")
        assertEquals(2, spans.size)
        spans.forEach { capture.assertThat(it).hasStatus(SpanStatus.ERROR).failedWith(OpenAIIoException::class.java) }
    }

    @Test
    fun `the API key reaches no exported span`() {
        assertFailsWith<UnauthorizedException> { client.chat().completions().create(chatParams("error-401")) }
        client.chat().completions().create(chatParams())

        val spans = capture.spans()
        assertEquals(2, spans.size)
        spans.forEach { assertFalse(it.allText().contains(FakeOpenAI.API_KEY), "key found in span ${it.name}") }
        val log = System.getProperty("org.slf4j.simpleLogger.logFile")?.let { java.io.File(it) }
        if (log != null && log.exists()) assertFalse(log.readText().contains(FakeOpenAI.API_KEY), "key found in $log")
    }

    @Test
    fun `a blocking SDK call inside traced { } nests under it, with default config`() {
        runBlocking {
            capture.tracing.traced("support-agent") { client.chat().completions().create(chatParams()) }
        }
        capture.assertThat("chat gpt-4o-mini").isUnder("support-agent")
    }

    @Test
    fun `a call under the thread's current scope is its child`() {
        val agent = capture.tracing.begin("agent")
        val previous = CurrentThreadScope.enter(agent)
        try {
            client.chat().completions().create(chatParams())
        } finally {
            CurrentThreadScope.restore(previous)
            agent.end()
        }
        capture.assertThat("chat gpt-4o-mini").isUnder("agent")
    }

    @Test
    fun `withOptions keeps tracing, withRawResponse is the SDK's own`() {
        client.withOptions { it.maxRetries(0) }.chat().completions().create(chatParams())
        client.chat().withOptions { it.maxRetries(0) }.completions().create(chatParams())
        client.chat().completions().withOptions { it.maxRetries(0) }.create(chatParams())
        assertEquals(3, capture.spans("chat gpt-4o-mini").size)

        val raw = client.chat().completions().withRawResponse().create(chatParams())
        assertEquals(200, raw.statusCode())
        assertEquals("chatcmpl-abc123", raw.parse().id())
        assertEquals(3, capture.spans("chat gpt-4o-mini").size)
    }

    @Test
    fun `a disabled Tracing, an already wrapped client and untraced services are left alone`() {
        val plain = server.client()
        assertSame(plain, SpanwiseOpenAI.wrap(plain, dev.spanwise.tracing.Tracing.DISABLED))
        assertSame(client, SpanwiseOpenAI.wrap(client, capture.tracing))
        assertTrue(client.models().javaClass.name.startsWith("com.openai"))
        assertEquals(ScopeKind.LLM, capture.tracing.beginLlmCall("x", "openai", "m").also { it.end() }.kind)
    }
}
