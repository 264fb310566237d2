package dev.spanwise.tracing.openai.internal

import dev.spanwise.tracing.scope.LlmScope

/**
 * What one OpenAI API records: how its request is read, what its answer and its stream events
 * carry. Every method may throw on data the SDK rejects; [CallTracer] guards each one.
 */
internal interface CallRecipe {
    /** The value of `openai.api`, e.g. `chat.completions`. */
    val api: String

    /** The GenAI operation: `chat` or `embeddings`. */
    val operation: String

    /** The plain request behind [argument] (structured params unwrapped), or `null` when the call is not one to trace. */
    fun params(argument: Any): Any?

    /** The model [params] asks for. */
    fun model(params: Any): String?

    /** Records the request parameters and input of [params]. */
    fun recordRequest(scope: LlmScope, params: Any, streaming: Boolean)

    /** Records what a non-streamed [response] carries. */
    fun recordResponse(scope: LlmScope, response: Any)

    /** A recorder for the events of one stream of this API. */
    fun streamRecorder(scope: LlmScope): StreamRecorder
}

/** Records the events of one stream on its span. Used by one stream, from whichever thread reads it. */
internal interface StreamRecorder {
    /** Records what [event] carries. */
    fun onEvent(event: Any)

    /**
     * Records what the stream built up (the answer text, tool calls, finish reasons) before the span
     * ends; returns the failure the stream itself reported (a `response.failed` event), else `null`.
     */
    fun finish(): Throwable?
}
