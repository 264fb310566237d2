package dev.spanwise.tracing.openai.internal

import com.openai.models.ResponsesModel
import com.openai.models.responses.Response
import com.openai.models.responses.ResponseCreateParams
import com.openai.models.responses.StructuredResponse
import com.openai.models.responses.StructuredResponseCreateParams
import dev.spanwise.tracing.scope.LlmScope

/** The Responses API (`responses().create`/`createStreaming`), plain or structured. */
internal object ResponsesRecipe : CallRecipe {
    override val api: String = "responses"
    override val operation: String = "chat"

    override fun params(argument: Any): Any? = when (argument) {
        is ResponseCreateParams -> argument
        is StructuredResponseCreateParams<*> -> argument.rawParams
        else -> null
    }

    override fun model(params: Any): String? = (params as ResponseCreateParams).model().orElse(null)?.let(::modelName)

    override fun recordRequest(scope: LlmScope, params: Any, streaming: Boolean) {
        val p = params as ResponseCreateParams
        scope.request(
            temperature = Guard.valueOf { p.temperature().orElse(null) },
            topP = Guard.valueOf { p.topP().orElse(null) },
            maxTokens = Guard.valueOf { p.maxOutputTokens().orElse(null) },
            stream = streaming,
        )
        scope.input(ResponsesInput.render(p))
    }

    override fun recordResponse(scope: LlmScope, response: Any) {
        when (response) {
            is Response -> record(scope, response)
            is StructuredResponse<*> -> record(scope, response.rawResponse)
        }
    }

    /** Records a complete [response]: id, model, usage, output text, tool calls and finish reason. */
    fun record(scope: LlmScope, response: Response) {
        Guard.valueOf { response.id() }?.let { scope.responseId(it) }
        Guard.valueOf { modelName(response.model()) }?.let { scope.responseModel(it) }
        Guard.valueOf { response.usage().orElse(null) }?.let { Usage.record(scope, it) }
        val text = StringBuilder()
        val calls = ArrayList<ToolCall>()
        for (item in Guard.valueOf { response.output() }.orEmpty()) {
            Guard.valueOf {
                when {
                    item.isMessage() -> item.asMessage().content().forEach { c ->
                        if (c.isOutputText()) {
                            text.append(c.asOutputText().text())
                        } else if (c.isRefusal()) {
                            text.append(c.asRefusal().refusal())
                        }
                    }
                    item.isFunctionCall() -> item.asFunctionCall().let { calls += ToolCall(it.callId(), it.name(), it.arguments()) }
                    else -> Unit
                }
            }
        }
        if (text.isNotEmpty()) scope.output(text.toString())
        ToolCalls.record(scope, calls)
        finishReason(response, calls.isNotEmpty())?.let { scope.finishReasons(it) }
    }

    /** `stop` or `tool_calls` for a completed response, the incomplete reason (`max_output_tokens`…), or the status. */
    private fun finishReason(response: Response, hasToolCalls: Boolean): String? {
        val status = Guard.valueOf { response.status().orElse(null)?.asString() } ?: return null
        return when (status) {
            "completed" -> if (hasToolCalls) "tool_calls" else "stop"
            "incomplete" -> Guard.valueOf { response.incompleteDetails().orElse(null)?.reason()?.orElse(null)?.asString() } ?: status
            else -> status
        }
    }

    /** The name of [model], whichever variant (any string, a chat model, a Responses-only model) holds it. */
    fun modelName(model: ResponsesModel): String? =
        model.string().orElse(null) ?: model.chat().orElse(null)?.asString() ?: model.only().orElse(null)?.asString()

    override fun streamRecorder(scope: LlmScope): StreamRecorder = ResponsesStreamRecorder(scope)
}
