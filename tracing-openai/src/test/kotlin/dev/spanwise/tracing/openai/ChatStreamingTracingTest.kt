package dev.spanwise.tracing.openai

import com.openai.core.http.AsyncStreamResponse
import com.openai.models.chat.completions.ChatCompletionChunk
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.scope.CurrentThreadScope
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import java.util.Optional
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

class ChatStreamingTracingTest {
    private val server = FakeOpenAI()
    private val capture = capture()
    private val client = server.client().traced(capture.tracing)

    @AfterEach
    fun close() {
        capture.close()
        server.close()
    }

    private fun text(chunks: List<ChatCompletionChunk>) =
        chunks.flatMap { it.choices() }.mapNotNull { it.delta().content().orElse(null) }.joinToString("")

    @Test
    fun `a stream read to its end records TTFT, chunk count, the final chunk's usage, the text and the finish reason`() {
        val chunks = client.chat().completions().createStreaming(chatParams(stream = true)).use { it.stream().iterator().asSequence().toList() }

        assertEquals(Fixtures.ANSWER, text(chunks))
        val span = capture.span("chat gpt-4o-mini")
        capture.assertThat(span).isLlmCall().isOk()
            .hasResponseModel("gpt-4o-mini-2024-07-18")
            .hasInputTokens(120).hasOutputTokens(40).hasCacheReadTokens(100).hasReasoningTokens(12)
            .hasCost(EXPECTED_COST)
            .hasAttribute(StreamingKeys.CHUNKS, chunks.size.toLong())
            .hasAttribute(StreamingKeys.STREAM, true)
        val ttft = span.attributes.toMap()[StreamingKeys.TIME_TO_FIRST_CHUNK] as Double
        assertTrue(ttft > 0.0 && ttft * 1e9 < span.durationNanos, "TTFT $ttft s within the span")
        val llm = span.llm!!
        assertEquals(listOf("stop"), llm.finishReasons)
        assertEquals("chatcmpl-stream1", llm.responseId)
        assertEquals(Fixtures.ANSWER, llm.output)
        assertEquals(true, llm.request!!.stream)
    }

    @Test
    fun `without include_usage a stream has no usage and still ends OK`() {
        val params = chatParams().toBuilder().build()
        client.chat().completions().createStreaming(params).use { it.stream().forEach { } }

        capture.assertThat("chat gpt-4o-mini").isOk().hasInputTokens(0).hasOutputTokens(0).hasAttribute(StreamingKeys.CHUNKS, 6L)
    }

    @Test
    fun `streamed tool calls are assembled from their deltas`() {
        client.chat().completions().createStreaming(chatParams("tools", stream = true)).use { it.stream().forEach { } }

        val span = capture.span("chat gpt-4o-mini")
        assertEquals(listOf("tool_calls"), span.llm!!.finishReasons)
        capture.assertThat(span).askedForTool("call_abc123", "get_weather")
        assertEquals("{\"city\":\"Paris\"}", span.llm!!.toolCalls.single().arguments)
    }

    @Test
    fun `a stream closed by the consumer before its end ends CANCELLED with what arrived`() {
        val read = client.chat().completions().createStreaming(chatParams(stream = true)).use { it.stream().limit(2).iterator().asSequence().toList() }

        assertEquals(2, read.size)
        val span = capture.span("chat gpt-4o-mini")
        capture.assertThat(span).hasStatus(SpanStatus.CANCELLED).hasAttribute(StreamingKeys.CHUNKS, 2L)
        assertEquals("chatcmpl-stream1", span.llm!!.responseId)
        assertEquals("Paris ", span.llm!!.output)
    }

    @Test
    fun `a connection dropped mid-stream ends the span ERROR and the caller sees the SDK's exception`() {
        val seen = ArrayList<ChatCompletionChunk>()
        val thrown = assertFailsWith<RuntimeException> {
            client.chat().completions().createStreaming(chatParams("drop", stream = true)).use { it.stream().forEach { c -> seen += c } }
        }

        val span = capture.span("chat gpt-4o-mini")
        capture.assertThat(span).hasStatus(SpanStatus.ERROR).failedWith(thrown.javaClass).hasAttribute(StreamingKeys.CHUNKS, seen.size.toLong())
        assertEquals(2, seen.size)
    }

    @Test
    fun `a stream created under a scope and read later on another thread is a child of that scope`() {
        val agent = capture.tracing.begin("agent")
        val previous = CurrentThreadScope.enter(agent)
        val stream = try {
            client.chat().completions().createStreaming(chatParams(stream = true))
        } finally {
            CurrentThreadScope.restore(previous)
        }
        val pool = Executors.newSingleThreadExecutor()
        try {
            pool.submit { stream.use { it.stream().forEach { } } }.get(10, TimeUnit.SECONDS)
        } finally {
            pool.shutdown()
            agent.end()
        }
        capture.assertThat("chat gpt-4o-mini").isUnder("agent").isOk().hasOutputTokens(40)
    }

    @Test
    fun `an async stream drives the span from its handler and ends before the handler's onComplete`() {
        val agent = capture.tracing.begin("agent")
        val previous = CurrentThreadScope.enter(agent)
        val done = CompletableFuture<Int>()
        val received = ArrayList<ChatCompletionChunk>()
        try {
            server.asyncClient().traced(capture.tracing).chat().completions().createStreaming(chatParams(stream = true))
                .subscribe(object : AsyncStreamResponse.Handler<ChatCompletionChunk> {
                    override fun onNext(value: ChatCompletionChunk) {
                        received += value
                    }

                    override fun onComplete(error: Optional<Throwable>) {
                        done.complete(received.size)
                    }
                })
        } finally {
            CurrentThreadScope.restore(previous)
        }
        assertEquals(7, done.get(10, TimeUnit.SECONDS))
        agent.end()
        val span = capture.span("chat gpt-4o-mini")
        capture.assertThat(span).isUnder("agent").isOk().hasOutputTokens(40).hasAttribute(StreamingKeys.CHUNKS, 7L)
        assertNotNull(span.attributes.toMap()[StreamingKeys.TIME_TO_FIRST_CHUNK])
        assertNull(span.error)
    }
}
