package dev.spanwise.tracing.openai.internal

import com.openai.models.responses.ResponseStreamEvent
import dev.spanwise.tracing.scope.LlmScope

/**
 * Records a Responses API stream: the id and model from `response.created`, the text deltas, and
 * the complete response — usage included — from `response.completed` (or `response.incomplete`).
 * A `response.failed` or `error` event makes the stream end ERROR.
 */
internal class ResponsesStreamRecorder(private val scope: LlmScope) : StreamRecorder {
    private val text = StringBuilder()
    private var completed = false
    private var failure: Throwable? = null

    override fun onEvent(event: Any) {
        val e = event as? ResponseStreamEvent ?: return
        when {
            e.isCreated() -> e.asCreated().response().let { r ->
                Guard.valueOf { r.id() }?.let { scope.responseId(it) }
                Guard.valueOf { ResponsesRecipe.modelName(r.model()) }?.let { scope.responseModel(it) }
            }
            e.isOutputTextDelta() -> if (text.length < MAX_TEXT) text.append(e.asOutputTextDelta().delta())
            e.isCompleted() -> complete(e.asCompleted().response())
            e.isIncomplete() -> complete(e.asIncomplete().response())
            e.isFailed() -> e.asFailed().response().let { r ->
                complete(r)
                val error = Guard.valueOf { r.error().orElse(null) }
                failure = ResponseStreamFailure(Guard.valueOf { error?.code()?.asString() }, Guard.valueOf { error?.message() })
            }
            e.isError() -> e.asError().let { failure = ResponseStreamFailure(it.code().orElse(null), Guard.valueOf { it.message() }) }
        }
    }

    private fun complete(response: com.openai.models.responses.Response) {
        completed = true
        ResponsesRecipe.record(scope, response)
    }

    override fun finish(): Throwable? {
        if (!completed && text.isNotEmpty()) scope.output(text.toString())
        failure?.let { f -> (f as ResponseStreamFailure).code?.let { scope.attribute(dev.spanwise.tracing.openai.OpenAIAttributes.PROVIDER_ERROR_CODE, it) } }
        return failure
    }

    private companion object {
        const val MAX_TEXT = 1 shl 20
    }
}

/** A Responses API stream that reported a failure (`response.failed` or `error`) instead of an answer. */
internal class ResponseStreamFailure(val code: String?, message: String?) : RuntimeException(message ?: "the response stream failed", null, false, false)
