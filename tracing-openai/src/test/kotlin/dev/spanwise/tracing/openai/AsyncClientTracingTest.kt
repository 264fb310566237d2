package dev.spanwise.tracing.openai

import com.openai.errors.RateLimitException
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.scope.CurrentThreadScope
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import java.util.concurrent.CompletionException
import java.util.concurrent.ExecutionException
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotEquals
import kotlin.test.assertTrue

class AsyncClientTracingTest {
    private val server = FakeOpenAI()
    private val capture = capture()
    private val async = server.asyncClient().traced(capture.tracing)

    @AfterEach
    fun close() {
        capture.close()
        server.close()
    }

    @Test
    fun `an async call completing on another thread is a child of the scope current when it was made`() {
        val agent = capture.tracing.begin("agent")
        val caller = Thread.currentThread()
        val previous = CurrentThreadScope.enter(agent)
        val future = try {
            async.chat().completions().create(chatParams())
        } finally {
            CurrentThreadScope.restore(previous)
        }
        var completedOn: Thread? = null
        val completion = future.whenComplete { _, _ -> completedOn = Thread.currentThread() }.get(10, TimeUnit.SECONDS)
        agent.end()

        assertEquals("chatcmpl-abc123", completion.id())
        assertNotEquals(caller, completedOn)
        capture.assertThat("chat gpt-4o-mini").isUnder("agent").isOk()
            .hasInputTokens(120).hasOutputTokens(40).hasCacheReadTokens(100).hasCost(EXPECTED_COST)
    }

    @Test
    fun `the span has ended when the caller's future completes`() {
        async.chat().completions().create(chatParams()).get(10, TimeUnit.SECONDS)
        // No flush race: the span ended before the future the caller holds completed.
        assertEquals(1, capture.spans("chat gpt-4o-mini").size)
    }

    @Test
    fun `a failed async call ends ERROR and the future fails with the SDK's exception`() {
        val future = async.chat().completions().create(chatParams("error-429"))
        val thrown = assertFailsWith<ExecutionException> { future.get(10, TimeUnit.SECONDS) }
        assertTrue(thrown.cause is RateLimitException)
        val joined = assertFailsWith<CompletionException> { future.join() }
        assertTrue(joined.cause is RateLimitException)

        capture.assertThat("chat gpt-4o-mini").hasStatus(SpanStatus.ERROR).failedWith(RateLimitException::class.java)
            .hasAttribute(OpenAIAttributes.HTTP_STATUS_CODE, 429L)
            .hasAttribute(OpenAIAttributes.PROVIDER_ERROR_CODE, "rate_limit_exceeded")
    }

    @Test
    fun `sync() and async() views of a traced client stay traced`() {
        async.sync().chat().completions().create(chatParams())
        server.client().traced(capture.tracing).async().chat().completions().create(chatParams()).get(10, TimeUnit.SECONDS)
        assertEquals(2, capture.spans("chat gpt-4o-mini").size)
    }
}
