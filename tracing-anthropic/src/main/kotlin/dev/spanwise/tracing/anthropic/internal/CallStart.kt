package dev.spanwise.tracing.anthropic.internal

import com.anthropic.core.JsonValue
import com.anthropic.models.messages.MessageCreateParams
import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.anthropic.SpanwiseAnthropic
import dev.spanwise.tracing.scope.LlmScope

/**
 * Starts the LLM span of one `messages.create` call — a child of the calling thread's current scope
 * (`CurrentThreadScope`, which Java scopes and Kotlin blocks set), captured now, on the calling
 * thread — and records what the request asked for.
 */
internal object CallStart {
    /** The started call, or `null` when starting it failed (the SDK call then goes on untraced). */
    fun start(tracing: Tracing, params: MessageCreateParams, stream: Boolean): LlmScope? {
        val model = Guard.run("reading the request model") { params.model().asString() }
        val call =
            Guard.run("starting the span") {
                tracing.beginLlmCall(spanName(model), SpanwiseAnthropic.PROVIDER, model, OPERATION)
            } ?: return null
        if (!call.isRecording) return call
        Guard.run("recording the request parameters") { recordRequest(call, params, stream) }
        Guard.run("rendering the request content") { call.input(ContentText.request(params)) }
        return call
    }

    private fun recordRequest(call: LlmScope, params: MessageCreateParams, stream: Boolean) {
        val extra = params._additionalBodyProperties()
        call.request(
            temperature = number(extra["temperature"])?.toDouble(),
            topP = number(extra["top_p"])?.toDouble(),
            topK = number(extra["top_k"])?.toLong(),
            maxTokens = params._maxTokens().asKnown().orElse(null),
            stopSequences = params._stopSequences().asKnown().orElse(null)?.takeIf { it.isNotEmpty() },
            stream = stream,
        )
    }

    /** A number given as an extra body property (the SDK has no typed setter for it). */
    private fun number(value: JsonValue?): Number? = value?.asNumber()?.orElse(null)

    /** `chat <model>`, the OpenTelemetry GenAI span name. */
    private fun spanName(model: String?): String = if (model.isNullOrEmpty()) OPERATION else "$OPERATION $model"

    private const val OPERATION = "chat"
}
