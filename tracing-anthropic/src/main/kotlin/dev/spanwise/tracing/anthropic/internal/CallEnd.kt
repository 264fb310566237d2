package dev.spanwise.tracing.anthropic.internal

import com.anthropic.errors.AnthropicServiceException
import com.anthropic.models.messages.Message
import dev.spanwise.tracing.anthropic.SpanwiseAnthropic
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.scope.LlmScope
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletionException
import java.util.concurrent.ExecutionException

/** Ends the span of a `messages.create` call with what the response or the error says. */
internal object CallEnd {
    /** Records [message] (model, id, stop reason, usage, tool calls, text) on [call] and ends it OK. */
    fun success(call: LlmScope?, message: Message) {
        if (call == null) return
        if (call.isRecording) Guard.run("recording the response") { recordMessage(call, message) }
        Guard.run("ending the span") { call.end() }
    }

    /** Ends [call] CANCELLED for a cancellation, else ERROR with [error] and the provider's error type. */
    fun failure(call: LlmScope?, error: Throwable) {
        if (call == null) return
        Guard.run("recording the error") {
            val cause = unwrap(error)
            if (cause is CancellationException) {
                call.end(SpanStatus.CANCELLED)
            } else {
                recordProviderError(call, cause)
                call.recordException(cause)
                call.end(SpanStatus.ERROR)
            }
        }
    }

    /** The provider's error type (`error.type` in the error body) and the HTTP status, when the SDK has them. */
    fun recordProviderError(call: LlmScope, error: Throwable) {
        if (error !is AnthropicServiceException) return
        val type = Guard.run("reading the error type") { error.type().map { it.asString() }.orElse(null) }
        if (type != null) call.attribute(SpanwiseAnthropic.PROVIDER_ERROR_TYPE, type)
        val status = Guard.run("reading the error status") { error.statusCode() } ?: 0
        if (status > 0) call.attribute(HTTP_STATUS, status)
    }

    private fun recordMessage(call: LlmScope, message: Message) {
        message.model().asString().let { if (it.isNotEmpty()) call.responseModel(it) }
        call.responseId(message.id())
        message.stopReason().ifPresent { call.finishReasons(it.asString()) }
        val usage = message.usage()
        TokenCounts().apply {
            uncachedInput = usage.inputTokens()
            cacheRead = usage.cacheReadInputTokens().orElse(0L)
            cacheWrite = usage.cacheCreationInputTokens().orElse(0L)
            output = usage.outputTokens()
            thinking = usage.outputTokensDetails().map { it.thinkingTokens() }.orElse(0L)
        }.record(call)
        val tools = message.content().mapNotNull { block ->
            block.toolUse().map { ToolCall(it.id(), it.name(), ToolCalls.json(it._input())) }.orElse(null)
        }
        if (tools.isNotEmpty()) ToolCalls.record(call, tools)
        val text = ContentText.response(message)
        if (text.isNotEmpty()) call.output(text)
    }

    /** The failure inside a future's wrapper exceptions. */
    private fun unwrap(error: Throwable): Throwable {
        var e = error
        var depth = 0
        while ((e is CompletionException || e is ExecutionException) && e.cause != null && depth++ < 8) e = e.cause!!
        return e
    }

    private const val HTTP_STATUS = "http.response.status_code"
}
