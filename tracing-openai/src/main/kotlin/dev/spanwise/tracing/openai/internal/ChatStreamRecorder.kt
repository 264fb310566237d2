package dev.spanwise.tracing.openai.internal

import com.openai.models.chat.completions.ChatCompletionChunk
import dev.spanwise.tracing.scope.LlmScope

/**
 * Records a chat completion stream: id and model from the first chunk, usage from the chunk that
 * carries it (the last one, with `stream_options.include_usage`), and — when the stream ends — the
 * answer text, tool calls and finish reasons assembled from the deltas.
 */
internal class ChatStreamRecorder(private val scope: LlmScope) : StreamRecorder {
    private var first = true
    private val text = StringBuilder()
    private val reasons = ArrayList<String>()
    private val toolCalls = ToolCallAssembly()

    override fun onEvent(event: Any) {
        val chunk = event as? ChatCompletionChunk ?: return
        if (first) {
            first = false
            Guard.valueOf { chunk.id() }?.let { scope.responseId(it) }
            Guard.valueOf { chunk.model() }?.let { scope.responseModel(it) }
        }
        Guard.valueOf { chunk.usage().orElse(null) }?.let { Usage.record(scope, it) }
        val choices = Guard.valueOf { chunk.choices() } ?: return
        for (choice in choices) {
            Guard.valueOf { choice.finishReason().orElse(null)?.asString() }?.let { reasons += it }
            val delta = Guard.valueOf { choice.delta() } ?: continue
            Guard.valueOf { delta.content().orElse(null) }?.let { if (text.length < MAX_TEXT) text.append(it) }
            Guard.valueOf { delta.toolCalls().orElse(null) }?.forEach { call ->
                val function = call.function().orElse(null)
                toolCalls.add(call.index(), call.id().orElse(null), function?.name()?.orElse(null), function?.arguments()?.orElse(null))
            }
        }
    }

    override fun finish(): Throwable? {
        if (text.isNotEmpty()) scope.output(text.toString())
        if (reasons.isNotEmpty()) scope.finishReasons(*reasons.toTypedArray())
        ToolCalls.record(scope, toolCalls.calls())
        return null
    }

    private companion object {
        /** Text kept while a stream is read; core bounds content further. */
        const val MAX_TEXT = 1 shl 20
    }
}
