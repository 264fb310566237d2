package dev.spanwise.tracing.anthropic.internal

import com.anthropic.models.messages.RawMessageStreamEvent
import dev.spanwise.tracing.LlmStreamTracker
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.scope.LlmScope
import java.io.IOException

/**
 * What one streamed `messages.create` call has said so far, and how its span ends. Usage comes in
 * two parts: the input side in `message_start`, the output (cumulative) in `message_delta`; a
 * `tool_use` block arrives as `content_block_start` plus `input_json_delta` pieces. The first
 * content delta is the first chunk (time to first chunk); `message_stop` ends the span OK.
 *
 * Thread-safe; never throws (every step is guarded).
 */
internal class StreamRecorder(private val call: LlmScope) {
    private val tracker: LlmStreamTracker? = Guard.run("starting the stream") { LlmStreamTracker.start(call) }
    private val tokens = TokenCounts()
    private val text = StringBuilder()
    private val tools = LinkedHashMap<Long, ToolCallParts>()
    private var responseModel: String? = null
    private var responseId: String? = null
    private var stopReason: String? = null
    private var ended = false

    /** Records [event]; `message_stop` ends the span. */
    @Synchronized
    fun event(event: RawMessageStreamEvent) {
        if (ended) return
        Guard.run("recording a stream event") { record(event) }
        if (event.isMessageStop()) finish(null)
    }

    /** The stream ended without an error: OK after `message_stop`, else ERROR (the answer is incomplete). */
    @Synchronized
    fun completed() {
        if (!ended) finish(IOException("The Anthropic stream ended before message_stop"))
    }

    /** The stream failed with [error] (a dropped connection, an `error` event): ERROR. */
    @Synchronized
    fun failed(error: Throwable) {
        if (ended) return
        Guard.run("recording the stream error") { CallEnd.recordProviderError(call, error) }
        finish(error)
    }

    /** The consumer closed the stream before its end: CANCELLED, with what arrived. */
    @Synchronized
    fun cancelled() {
        if (ended) return
        ended = true
        Guard.run("recording the stream") { flush() }
        Guard.run("ending the stream") { tracker?.cancel() ?: call.end(SpanStatus.CANCELLED) }
    }

    private fun finish(error: Throwable?) {
        ended = true
        Guard.run("recording the stream") { flush() }
        Guard.run("ending the stream") {
            if (tracker != null) {
                tracker.end(error)
            } else if (error == null) {
                call.end()
            } else {
                CallEnd.failure(call, error)
            }
        }
    }

    private fun record(event: RawMessageStreamEvent) {
        event.messageStart().ifPresent { start ->
            val message = start.message()
            responseId = message.id()
            responseModel = message.model().asString()
            val usage = message.usage()
            tokens.uncachedInput = usage.inputTokens()
            tokens.cacheRead = usage.cacheReadInputTokens().orElse(0L)
            tokens.cacheWrite = usage.cacheCreationInputTokens().orElse(0L)
            tokens.output = usage.outputTokens()
        }
        event.contentBlockStart().ifPresent { start ->
            start.contentBlock().toolUse().ifPresent {
                tools[start.index()] = ToolCallParts(it.id(), it.name(), ToolCalls.json(it._input()))
            }
        }
        event.contentBlockDelta().ifPresent { delta ->
            tracker?.chunk()
            val d = delta.delta()
            d.text().ifPresent { if (text.length < MAX_TEXT) text.append(it.text()) }
            d.inputJson().ifPresent { tools[delta.index()]?.append(it.partialJson()) }
        }
        event.messageDelta().ifPresent { delta ->
            delta.delta().stopReason().ifPresent { stopReason = it.asString() }
            val usage = delta.usage()
            tokens.output = usage.outputTokens()
            usage.inputTokens().ifPresent { tokens.uncachedInput = it }
            usage.cacheReadInputTokens().ifPresent { tokens.cacheRead = it }
            usage.cacheCreationInputTokens().ifPresent { tokens.cacheWrite = it }
            usage.outputTokensDetails().ifPresent { tokens.thinking = it.thinkingTokens() }
        }
    }

    /** Puts what arrived on the span (once, at its end: usage adds up on a span). */
    private fun flush() {
        if (!call.isRecording) return
        responseModel?.takeIf { it.isNotEmpty() }?.let { call.responseModel(it) }
        responseId?.let { call.responseId(it) }
        stopReason?.let { call.finishReasons(it) }
        tokens.record(call)
        if (tools.isNotEmpty()) ToolCalls.record(call, tools.values.map { it.toToolCall() })
        if (text.isNotEmpty()) call.output(text.toString())
    }

    /** A `tool_use` block being assembled from its start event and its JSON pieces. */
    private class ToolCallParts(val id: String, val name: String, val initialInput: String?) {
        private val json = StringBuilder()

        fun append(piece: String) {
            if (json.length < MAX_TEXT) json.append(piece)
        }

        fun toToolCall(): ToolCall = ToolCall(id, name, if (json.isEmpty()) initialInput else json.toString())
    }

    private companion object {
        /** Text kept per stream (core bounds content further). */
        const val MAX_TEXT = 1 shl 20
    }
}
