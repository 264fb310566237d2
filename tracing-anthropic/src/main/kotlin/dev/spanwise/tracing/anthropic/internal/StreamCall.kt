package dev.spanwise.tracing.anthropic.internal

import com.anthropic.models.messages.MessageCreateParams
import dev.spanwise.tracing.Tracing

/**
 * One rule for opening a traced stream, sync or async: the span starts before the request, an error
 * opening the stream ends it ERROR (and is rethrown as is), and the SDK's stream is wrapped so that
 * its events drive a [StreamRecorder]; if wrapping fails, the plain stream is returned and the span ends.
 */
internal object StreamCall {
    inline fun <R : Any> open(tracing: Tracing, params: MessageCreateParams, open: () -> R, wrap: (R, StreamRecorder) -> R): R {
        val call = CallStart.start(tracing, params, stream = true)
        val response =
            try {
                open()
            } catch (e: Throwable) {
                CallEnd.failure(call, e)
                throw e
            }
        if (call == null) return response
        return Guard.run("wrapping the stream") { wrap(response, StreamRecorder(call)) }
            ?: response.also { Guard.run("ending the span") { call.end() } }
    }
}
