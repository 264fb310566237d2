package dev.spanwise.tracing.openai

import com.openai.models.embeddings.EmbeddingCreateParams
import com.openai.models.embeddings.EmbeddingModel
import dev.spanwise.tracing.model.ScopeKind
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals

class EmbeddingsTracingTest {
    private val server = FakeOpenAI()
    private val capture = capture()

    @AfterEach
    fun close() {
        capture.close()
        server.close()
    }

    private fun params() = EmbeddingCreateParams.builder()
        .model(EmbeddingModel.TEXT_EMBEDDING_3_SMALL)
        .inputOfArrayOfStrings(listOf("first text", "second text"))
        .dimensions(4)
        .build()

    @Test
    fun `an embeddings call is an EMBEDDING span with its input tokens`() {
        val response = server.client().traced(capture.tracing).embeddings().create(params())

        assertEquals(2, response.data().size)
        val span = capture.span("embeddings text-embedding-3-small")
        capture.assertThat(span).isKind(ScopeKind.EMBEDDING).isOk().hasInputTokens(8).hasOutputTokens(0)
            .hasModel("text-embedding-3-small").hasAttribute(OpenAIAttributes.EMBEDDING_DIMENSIONS, 4L)
        assertEquals("embeddings", span.llm!!.operation)
        assertEquals("openai", span.llm!!.provider)
        assertEquals("first text\nsecond text", span.llm!!.input)
    }

    @Test
    fun `async embeddings are traced`() {
        server.asyncClient().traced(capture.tracing).embeddings().create(params()).get(10, TimeUnit.SECONDS)
        capture.assertThat("embeddings text-embedding-3-small").isKind(ScopeKind.EMBEDDING).hasInputTokens(8)
    }
}
