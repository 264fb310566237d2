package dev.spanwise.tracing.openai.internal

import com.openai.core.http.AsyncStreamResponse
import com.openai.core.http.StreamResponse
import dev.spanwise.tracing.LlmStreamTracker
import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.openai.OpenAIAttributes
import dev.spanwise.tracing.openai.SpanwiseOpenAI
import dev.spanwise.tracing.scope.LlmScope
import java.util.concurrent.CompletableFuture

/**
 * One traced SDK call: starts the span (a child of the thread's current scope, through
 * `Tracing.beginLlmCall`), runs the call, and ends the span from what the call returned — at once, when
 * its future completes, or when its stream ends. Every Spanwise step is guarded; the call's result and
 * exception reach the caller unchanged.
 */
internal class CallTracer(private val tracing: Tracing) {
    fun call(recipe: CallRecipe, params: Any, streaming: Boolean, invoke: () -> Any?): Any? {
        val scope = start(recipe, params, streaming) ?: return invoke()
        val result = try {
            invoke()
        } catch (e: Throwable) {
            CallEnding.fail(scope, e)
            throw e
        }
        return try {
            traceResult(recipe, scope, result)
        } catch (t: Throwable) {
            Guard.failed("tracing the ${recipe.api} result", t)
            Guard.run("ending the span") { scope.end() }
            result
        }
    }

    private fun start(recipe: CallRecipe, params: Any, streaming: Boolean): LlmScope? = try {
        val model = Guard.valueOf { recipe.model(params) }
        val name = if (model == null) recipe.operation else "${recipe.operation} $model"
        val scope = tracing.beginLlmCall(name, SpanwiseOpenAI.PROVIDER, model, recipe.operation)
        if (scope.isRecording) {
            scope.attribute(OpenAIAttributes.API, recipe.api)
            Guard.run("recording the ${recipe.api} request") { recipe.recordRequest(scope, params, streaming) }
        }
        scope
    } catch (t: Throwable) {
        Guard.failed("starting a span", t)
        null
    }

    private fun traceResult(recipe: CallRecipe, scope: LlmScope, result: Any?): Any? = when (result) {
        null -> result.also { scope.end() }
        is CompletableFuture<*> -> whenComplete(recipe, scope, result)
        is StreamResponse<*> -> TracedStreamResponse(result, StreamEnd(scope, recipe))
        is AsyncStreamResponse<*> -> TracedAsyncStreamResponse(result, StreamEnd(scope, recipe))
        else -> {
            if (scope.isRecording) Guard.run("recording the ${recipe.api} response") { recipe.recordResponse(scope, result) }
            scope.end()
            result
        }
    }

    /**
     * A future completed like [future], after the span has ended; cancelling it cancels [future].
     * An exception reaches it as the same instance [future] failed with.
     */
    private fun <T> whenComplete(recipe: CallRecipe, scope: LlmScope, future: CompletableFuture<T>): CompletableFuture<T> {
        val traced = CompletableFuture<T>()
        future.whenComplete { value, error ->
            if (error != null) {
                CallEnding.fail(scope, CallEnding.unwrap(error))
                traced.completeExceptionally(error)
            } else {
                if (scope.isRecording && value != null) {
                    Guard.run("recording the ${recipe.api} response") { recipe.recordResponse(scope, value) }
                }
                Guard.run("ending the span") { scope.end() }
                traced.complete(value)
            }
        }
        traced.whenComplete { _, error -> if (error is java.util.concurrent.CancellationException) future.cancel(false) }
        return traced
    }
}

/** How a stream's span ends: one rule ([LlmStreamTracker]) for every stream, with the recipe's recorder. */
internal class StreamEnd(private val scope: LlmScope, recipe: CallRecipe) {
    private val tracker: LlmStreamTracker = LlmStreamTracker.start(scope)
    private val recorder: StreamRecorder? = if (scope.isRecording) Guard.valueOf { recipe.streamRecorder(scope) } else null
    private val api = recipe.api

    val isEnded: Boolean get() = tracker.isEnded

    /** One event arrived. */
    fun event(event: Any?) {
        if (tracker.isEnded) return
        Guard.run("recording a stream event") {
            tracker.chunk()
            if (event != null) recorder?.onEvent(event)
        }
    }

    /** The stream ended: completely (`null`) or with [error]. */
    fun end(error: Throwable?) {
        if (tracker.isEnded) return
        Guard.run("ending the $api stream") {
            val reported = finish()
            val failure = error ?: reported
            if (failure != null) CallEnding.attributes(scope, failure)
            tracker.end(failure)
        }
    }

    /** The consumer closed the stream before its end. */
    fun cancel() {
        if (tracker.isEnded) return
        Guard.run("cancelling the $api stream") {
            finish()
            tracker.cancel()
        }
    }

    private fun finish(): Throwable? = recorder?.let { r -> Guard.valueOf { r.finish() } }
}
