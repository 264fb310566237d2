package dev.spanwise.tracing.openai

import com.openai.errors.OpenAIIoException
import dev.spanwise.tracing.model.SpanStatus
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import java.time.Duration
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith

class ResilienceTest {
    private val server = FakeOpenAI()
    private val capture = capture()

    @AfterEach
    fun close() {
        capture.close()
        server.close()
    }

    @Test
    fun `data the SDK rejects on reading does not break the call, and the span still ends`() {
        val client = server.client().traced(capture.tracing)
        val completion = client.chat().completions().create(chatParams("bad-usage"))

        assertEquals(Fixtures.ANSWER, completion.choices()[0].message().content().get())
        // prompt_tokens could not be read; the other counts and fields are still recorded.
        capture.assertThat("chat gpt-4o-mini").isOk().hasInputTokens(0).hasOutputTokens(40).hasCacheReadTokens(100)
            .hasResponseId("chatcmpl-abc123")
    }

    @Test
    fun `a timeout ends the span ERROR with the SDK's exception`() {
        val client = server.client(timeout = Duration.ofMillis(300)).traced(capture.tracing)
        val thrown = assertFailsWith<OpenAIIoException> { client.chat().completions().create(chatParams("slow")) }

        capture.assertThat("chat gpt-4o-mini").hasStatus(SpanStatus.ERROR).failedWith(thrown.javaClass)
    }

    @Test
    fun `a client keeps working after its Tracing is shut down`() {
        val client = server.client().traced(capture.tracing)
        capture.close()
        assertEquals("chatcmpl-abc123", client.chat().completions().create(chatParams()).id())
    }
}
