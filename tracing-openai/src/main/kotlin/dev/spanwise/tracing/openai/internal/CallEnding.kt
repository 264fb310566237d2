package dev.spanwise.tracing.openai.internal

import com.openai.errors.OpenAIServiceException
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.openai.OpenAIAttributes
import dev.spanwise.tracing.scope.LlmScope
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletionException
import java.util.concurrent.ExecutionException

/** How a failed call's span ends: the provider's error fields as attributes, then ERROR (or CANCELLED). */
internal object CallEnding {
    /** Records [error] on [scope] and ends it: CANCELLED for a cancellation, else ERROR. Never throws. */
    fun fail(scope: LlmScope, error: Throwable) {
        Guard.run("recording a failed call") {
            attributes(scope, error)
            if (error is CancellationException) {
                scope.end(SpanStatus.CANCELLED)
            } else {
                scope.recordException(error)
                scope.end(SpanStatus.ERROR)
            }
        }
    }

    /** Sets the HTTP status and OpenAI's error type and code when [error] is an API error. */
    fun attributes(scope: LlmScope, error: Throwable) {
        if (error !is OpenAIServiceException || !scope.isRecording) return
        Guard.valueOf { error.statusCode() }?.let { scope.attribute(OpenAIAttributes.HTTP_STATUS_CODE, it) }
        Guard.valueOf { error.type().orElse(null) }?.let { scope.attribute(OpenAIAttributes.PROVIDER_ERROR_TYPE, it) }
        Guard.valueOf { error.code().orElse(null) }?.let { scope.attribute(OpenAIAttributes.PROVIDER_ERROR_CODE, it) }
    }

    /** The failure inside a future's `CompletionException`/`ExecutionException` wrapper. */
    fun unwrap(error: Throwable): Throwable {
        var current = error
        var depth = 0
        while ((current is CompletionException || current is ExecutionException) && depth++ < MAX_DEPTH) {
            current = current.cause ?: return current
        }
        return current
    }

    private const val MAX_DEPTH = 8
}
