package dev.spanwise.tracing.anthropic

import com.anthropic.core.http.AsyncStreamResponse
import com.anthropic.models.messages.RawMessageStreamEvent
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.scope.CurrentThreadScope
import dev.spanwise.tracing.traced
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import java.util.Optional
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference
import kotlin.test.assertEquals
import kotlin.test.assertNotEquals
import kotlin.test.assertTrue

class NestingTest {
    private val server = FakeAnthropic()

    @AfterEach
    fun stop() = server.close()

    @Test
    fun `a blocking SDK call inside traced { } nests under it, with default config`() {
        capture().use { capture ->
            val client = sdkClient(server).traced(capture.tracing)
            runBlocking {
                capture.tracing.traced("agent") {
                    client.messages().create(params(Scenario.TEXT))
                    withContext(Dispatchers.IO) { client.messages().create(params(Scenario.TOOL_USE)) }
                }
            }
            val calls = capture.spans().filter { it.llm != null }
            assertEquals(2, calls.size)
            calls.forEach { capture.assertThat(it).isUnder("agent") }
        }
    }

    @Test
    fun `an async call completing on another thread stays under the scope it was made in`() {
        capture().use { capture ->
            val client = sdkAsyncClient(server).traced(capture.tracing)
            val agent = capture.tracing.begin("agent")
            val callerThread = Thread.currentThread()
            val completedOn = AtomicReference<Thread>()
            val previous = CurrentThreadScope.enter(agent)
            val future =
                try {
                    client.messages().create(params(Scenario.TEXT))
                } finally {
                    CurrentThreadScope.restore(previous)
                }
            val message = future.whenComplete { _, _ -> completedOn.set(Thread.currentThread()) }.get(10, TimeUnit.SECONDS)
            agent.end()
            assertEquals("msg_01TEXT", message.id())
            assertNotEquals(callerThread, completedOn.get())
            val span = capture.llmSpan()
            capture.assertThat(span).isUnder("agent").isOk().hasInputTokens(160).hasOutputTokens(20)
        }
    }

    @Test
    fun `an async error ends the span ERROR and fails the future with the SDK's exception`() {
        capture().use { capture ->
            val client = sdkAsyncClient(server).traced(capture.tracing)
            val failure = runCatching { client.messages().create(params(Scenario.error(429))).join() }.exceptionOrNull()
            assertTrue(failure is java.util.concurrent.CompletionException)
            assertEquals("com.anthropic.errors.RateLimitException", failure.cause!!.javaClass.name)
            val span = capture.llmSpan()
            assertEquals(SpanStatus.ERROR, span.status)
            assertEquals("rate_limit_error", span.attributes[SpanwiseAnthropic.PROVIDER_ERROR_TYPE])
        }
    }

    @Test
    fun `an async stream records its events and ends when it completes, under the scope it was created in`() {
        capture().use { capture ->
            val client = sdkAsyncClient(server).traced(capture.tracing)
            val agent = capture.tracing.begin("agent")
            val previous = CurrentThreadScope.enter(agent)
            val stream =
                try {
                    client.messages().createStreaming(params(Scenario.STREAM))
                } finally {
                    CurrentThreadScope.restore(previous)
                }
            val seen = AtomicInteger()
            stream.subscribe { seen.incrementAndGet() }
            stream.onCompleteFuture().get(10, TimeUnit.SECONDS)
            agent.end()
            assertEquals(12, seen.get())
            capture.assertThat(capture.llmSpan()).isUnder("agent").isOk().hasInputTokens(300).hasOutputTokens(42)
                .hasAttribute("spanwise.stream.chunks", 5L)
        }
    }

    @Test
    fun `an async stream closed by the consumer ends CANCELLED`() {
        capture().use { capture ->
            val client = sdkAsyncClient(server).traced(capture.tracing)
            val stream = client.messages().createStreaming(params(Scenario.STREAM))
            val first = CountDownLatch(1)
            stream.subscribe(
                object : AsyncStreamResponse.Handler<RawMessageStreamEvent> {
                    override fun onNext(value: RawMessageStreamEvent) = first.countDown()

                    override fun onComplete(error: Optional<Throwable>) {}
                },
            )
            assertTrue(first.await(10, TimeUnit.SECONDS))
            stream.close()
            assertEquals(SpanStatus.CANCELLED, capture.llmSpan().status)
        }
    }
}
