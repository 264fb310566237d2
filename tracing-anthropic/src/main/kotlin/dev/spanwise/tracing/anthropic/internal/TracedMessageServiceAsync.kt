package dev.spanwise.tracing.anthropic.internal

import com.anthropic.core.ClientOptions
import com.anthropic.core.RequestOptions
import com.anthropic.core.http.AsyncStreamResponse
import com.anthropic.models.messages.Message
import com.anthropic.models.messages.MessageCountTokensParams
import com.anthropic.models.messages.MessageCreateParams
import com.anthropic.models.messages.MessageTokensCount
import com.anthropic.models.messages.RawMessageStreamEvent
import com.anthropic.services.async.MessageServiceAsync
import com.anthropic.services.async.messages.BatchServiceAsync
import dev.spanwise.tracing.Tracing
import java.util.concurrent.CompletableFuture
import java.util.function.Consumer

/**
 * The async client's `messages()` with `create` and `createStreaming` traced. The span starts when
 * the call is made, under the calling thread's current scope, and ends when the future completes,
 * on whatever thread that is; the returned future completes after the span has ended, with the
 * SDK's result or exception. Everything else is the SDK's.
 */
internal class TracedMessageServiceAsync(
    private val delegate: MessageServiceAsync,
    private val tracing: Tracing,
) : MessageServiceAsync {
    override fun create(params: MessageCreateParams, requestOptions: RequestOptions): CompletableFuture<Message> {
        val call = CallStart.start(tracing, params, stream = false)
        val future =
            try {
                delegate.create(params, requestOptions)
            } catch (e: Throwable) {
                CallEnd.failure(call, e)
                throw e
            }
        if (call == null || !call.isRecording) {
            call?.end()
            return future
        }
        val result = CompletableFuture<Message>()
        future.whenComplete { message, error ->
            if (error == null) CallEnd.success(call, message) else CallEnd.failure(call, error)
            if (error == null) result.complete(message) else result.completeExceptionally(error)
        }
        // Cancelling the returned future cancels the SDK's.
        result.whenComplete { _, _ -> if (result.isCancelled) future.cancel(true) }
        return result
    }

    override fun createStreaming(
        params: MessageCreateParams,
        requestOptions: RequestOptions,
    ): AsyncStreamResponse<RawMessageStreamEvent> {
        return StreamCall.open(tracing, params, { delegate.createStreaming(params, requestOptions) }) { response, recorder ->
            TracedAsyncStreamResponse(response, recorder)
        }
    }

    override fun withRawResponse(): MessageServiceAsync.WithRawResponse = delegate.withRawResponse()

    override fun withOptions(modifier: Consumer<ClientOptions.Builder>): MessageServiceAsync =
        TracedMessageServiceAsync(delegate.withOptions(modifier), tracing)

    override fun batches(): BatchServiceAsync = delegate.batches()

    override fun countTokens(
        params: MessageCountTokensParams,
        requestOptions: RequestOptions,
    ): CompletableFuture<MessageTokensCount> = delegate.countTokens(params, requestOptions)
}
