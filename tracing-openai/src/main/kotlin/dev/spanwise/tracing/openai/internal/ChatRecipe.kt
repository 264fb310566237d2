package dev.spanwise.tracing.openai.internal

import com.openai.models.chat.completions.ChatCompletion
import com.openai.models.chat.completions.ChatCompletionCreateParams
import com.openai.models.chat.completions.StructuredChatCompletion
import com.openai.models.chat.completions.StructuredChatCompletionCreateParams
import dev.spanwise.tracing.scope.LlmScope

/** Chat completions (`chat().completions().create`/`createStreaming`), plain or structured. */
internal object ChatRecipe : CallRecipe {
    override val api: String = "chat.completions"
    override val operation: String = "chat"

    override fun params(argument: Any): Any? = when (argument) {
        is ChatCompletionCreateParams -> argument
        is StructuredChatCompletionCreateParams<*> -> argument.rawParams
        else -> null
    }

    override fun model(params: Any): String? = (params as ChatCompletionCreateParams).model().asString()

    @Suppress("DEPRECATION") // max_tokens and seed are deprecated but still sent
    override fun recordRequest(scope: LlmScope, params: Any, streaming: Boolean) {
        val p = params as ChatCompletionCreateParams
        scope.request(
            temperature = Guard.valueOf { p.temperature().orElse(null) },
            topP = Guard.valueOf { p.topP().orElse(null) },
            maxTokens = Guard.valueOf { p.maxCompletionTokens().orElse(null) ?: p.maxTokens().orElse(null) },
            seed = Guard.valueOf { p.seed().orElse(null) },
            stopSequences = Guard.valueOf { p.stop().orElse(null)?.let { if (it.isString()) listOf(it.asString()) else it.asStrings() } },
            frequencyPenalty = Guard.valueOf { p.frequencyPenalty().orElse(null) },
            presencePenalty = Guard.valueOf { p.presencePenalty().orElse(null) },
            stream = streaming,
            choiceCount = Guard.valueOf { p.n().orElse(null) },
        )
        Guard.valueOf { p.messages() }?.let { scope.input(ChatMessages.render(it)) }
    }

    override fun recordResponse(scope: LlmScope, response: Any) {
        val completion = when (response) {
            is ChatCompletion -> response
            is StructuredChatCompletion<*> -> response.rawChatCompletion
            else -> return
        }
        Guard.valueOf { completion.id() }?.let { scope.responseId(it) }
        Guard.valueOf { completion.model() }?.let { scope.responseModel(it) }
        Guard.valueOf { completion.usage().orElse(null) }?.let { Usage.record(scope, it) }
        val choices = Guard.valueOf { completion.choices() } ?: return
        val reasons = choices.mapNotNull { Guard.valueOf { it.finishReason().asString() } }
        if (reasons.isNotEmpty()) scope.finishReasons(*reasons.toTypedArray())
        val text = StringBuilder()
        val calls = ArrayList<ToolCall>()
        for (choice in choices) {
            val message = Guard.valueOf { choice.message() } ?: continue
            val content = Guard.valueOf { message.content().orElse(null) ?: message.refusal().orElse(null) }
            if (content != null) {
                if (text.isNotEmpty()) text.append('\n')
                text.append(content)
            }
            Guard.valueOf { message.toolCalls().orElse(null) }?.forEach { call ->
                Guard.valueOf { call.asFunction() }?.let { f -> calls += ToolCall(f.id(), f.function().name(), f.function().arguments()) }
            }
        }
        if (text.isNotEmpty()) scope.output(text.toString())
        ToolCalls.record(scope, calls)
    }

    override fun streamRecorder(scope: LlmScope): StreamRecorder = ChatStreamRecorder(scope)
}
