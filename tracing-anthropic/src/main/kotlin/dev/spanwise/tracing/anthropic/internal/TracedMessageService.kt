package dev.spanwise.tracing.anthropic.internal

import com.anthropic.core.ClientOptions
import com.anthropic.core.RequestOptions
import com.anthropic.core.http.StreamResponse
import com.anthropic.models.messages.Message
import com.anthropic.models.messages.MessageCountTokensParams
import com.anthropic.models.messages.MessageCreateParams
import com.anthropic.models.messages.MessageTokensCount
import com.anthropic.models.messages.RawMessageStreamEvent
import com.anthropic.services.blocking.MessageService
import com.anthropic.services.blocking.messages.BatchService
import dev.spanwise.tracing.Tracing
import java.util.function.Consumer

/**
 * `client.messages()` with `create` and `createStreaming` traced. The SDK's overloads without
 * request options and its structured-output overloads are its own default methods, which call
 * these two on this service, so they are traced too. Everything else is the SDK's.
 */
internal class TracedMessageService(
    private val delegate: MessageService,
    private val tracing: Tracing,
) : MessageService {
    override fun create(params: MessageCreateParams, requestOptions: RequestOptions): Message {
        val call = CallStart.start(tracing, params, stream = false)
        val message =
            try {
                delegate.create(params, requestOptions)
            } catch (e: Throwable) {
                CallEnd.failure(call, e)
                throw e
            }
        CallEnd.success(call, message)
        return message
    }

    override fun createStreaming(
        params: MessageCreateParams,
        requestOptions: RequestOptions,
    ): StreamResponse<RawMessageStreamEvent> {
        return StreamCall.open(tracing, params, { delegate.createStreaming(params, requestOptions) }) { response, recorder ->
            TracedStreamResponse(response, recorder)
        }
    }

    override fun withRawResponse(): MessageService.WithRawResponse = delegate.withRawResponse()

    override fun withOptions(modifier: Consumer<ClientOptions.Builder>): MessageService =
        TracedMessageService(delegate.withOptions(modifier), tracing)

    override fun batches(): BatchService = delegate.batches()

    override fun countTokens(params: MessageCountTokensParams, requestOptions: RequestOptions): MessageTokensCount =
        delegate.countTokens(params, requestOptions)
}
