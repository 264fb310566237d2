package dev.spanwise.tracing.openai.internal

import com.openai.models.embeddings.CreateEmbeddingResponse
import com.openai.models.embeddings.EmbeddingCreateParams
import dev.spanwise.tracing.openai.OpenAIAttributes
import dev.spanwise.tracing.scope.LlmScope

/** Embeddings (`embeddings().create`): a span of kind EMBEDDING with the input tokens. */
internal object EmbeddingsRecipe : CallRecipe {
    override val api: String = "embeddings"
    override val operation: String = "embeddings"

    override fun params(argument: Any): Any? = argument as? EmbeddingCreateParams

    override fun model(params: Any): String? = (params as EmbeddingCreateParams).model().asString()

    override fun recordRequest(scope: LlmScope, params: Any, streaming: Boolean) {
        val p = params as EmbeddingCreateParams
        Guard.valueOf { p.dimensions().orElse(null) }?.let { scope.attribute(OpenAIAttributes.EMBEDDING_DIMENSIONS, it) }
        val input = Guard.valueOf { p.input() } ?: return
        when {
            input.isString() -> scope.input(input.asString())
            input.isArrayOfStrings() -> scope.input(input.asArrayOfStrings().joinToString("\n"))
        }
    }

    override fun recordResponse(scope: LlmScope, response: Any) {
        val r = response as? CreateEmbeddingResponse ?: return
        Guard.valueOf { r.model() }?.let { scope.responseModel(it) }
        Guard.valueOf { r.usage().promptTokens() }?.let { scope.usage(inputTokens = it) }
    }

    override fun streamRecorder(scope: LlmScope): StreamRecorder = object : StreamRecorder {
        override fun onEvent(event: Any) {}

        override fun finish(): Throwable? = null
    }
}
