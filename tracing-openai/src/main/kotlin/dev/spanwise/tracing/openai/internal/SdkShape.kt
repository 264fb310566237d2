package dev.spanwise.tracing.openai.internal

import com.openai.core.RequestOptions
import com.openai.core.http.AsyncStreamResponse
import com.openai.core.http.StreamResponse
import com.openai.errors.OpenAIServiceException

/**
 * Whether the OpenAI SDK on the class path has the types and methods this module was built against
 * (openai-java 4.x). Checked once; when something is missing, one WARN names it and clients are
 * left untraced.
 */
internal object SdkShape {
    val isAsExpected: Boolean by lazy { check() }

    private val methods = listOf(
        "com.openai.client.OpenAIClient" to listOf("chat", "responses", "embeddings", "async", "withOptions"),
        "com.openai.client.OpenAIClientAsync" to listOf("chat", "responses", "embeddings", "sync", "withOptions"),
        "com.openai.services.blocking.ChatService" to listOf("completions"),
        "com.openai.services.async.ChatServiceAsync" to listOf("completions"),
    )

    private val calls = listOf(
        "com.openai.services.blocking.chat.ChatCompletionService" to "com.openai.models.chat.completions.ChatCompletionCreateParams",
        "com.openai.services.async.chat.ChatCompletionServiceAsync" to "com.openai.models.chat.completions.ChatCompletionCreateParams",
        "com.openai.services.blocking.ResponseService" to "com.openai.models.responses.ResponseCreateParams",
        "com.openai.services.async.ResponseServiceAsync" to "com.openai.models.responses.ResponseCreateParams",
        "com.openai.services.blocking.EmbeddingService" to "com.openai.models.embeddings.EmbeddingCreateParams",
        "com.openai.services.async.EmbeddingServiceAsync" to "com.openai.models.embeddings.EmbeddingCreateParams",
    )

    private fun check(): Boolean = try {
        for ((type, names) in methods) {
            val methodNames = Class.forName(type).methods.map { it.name }.toSet()
            names.forEach { require(it in methodNames) { "$type.$it()" } }
        }
        for ((service, params) in calls) {
            val type = Class.forName(service)
            val paramsType = Class.forName(params)
            type.getMethod("create", paramsType, RequestOptions::class.java)
            if (!service.endsWith("EmbeddingService") && !service.endsWith("EmbeddingServiceAsync")) {
                type.getMethod("createStreaming", paramsType, RequestOptions::class.java)
            }
        }
        listOf(StreamResponse::class.java, AsyncStreamResponse::class.java, OpenAIServiceException::class.java).forEach { it.name }
        listOf(ChatRecipe, ResponsesRecipe, EmbeddingsRecipe).forEach { it.api }
        true
    } catch (t: Throwable) {
        if (t is VirtualMachineError) throw t
        Guard.log.warn(
            "Spanwise OpenAI: the OpenAI SDK on the class path does not have the shape this module expects ({}: {}); " +
                "OpenAI clients are left untraced. Use openai-java 4.x.",
            t.javaClass.simpleName,
            t.message,
        )
        false
    }
}
