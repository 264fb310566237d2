package dev.spanwise.tracing.openai.internal

import com.openai.core.http.AsyncStreamResponse
import java.util.Optional
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor

/**
 * An async stream whose events drive its span (see [TracedStreamResponse]): the subscriber's
 * handler sees every event after it is counted, and its `onComplete` after the span has ended.
 */
internal class TracedAsyncStreamResponse<T>(private val delegate: AsyncStreamResponse<T>, private val end: StreamEnd) : AsyncStreamResponse<T> {
    override fun subscribe(handler: AsyncStreamResponse.Handler<T>): AsyncStreamResponse<T> {
        delegate.subscribe(TracingHandler(handler))
        return this
    }

    override fun subscribe(handler: AsyncStreamResponse.Handler<T>, executor: Executor): AsyncStreamResponse<T> {
        delegate.subscribe(TracingHandler(handler), executor)
        return this
    }

    override fun onCompleteFuture(): CompletableFuture<Void?> = delegate.onCompleteFuture()

    override fun close() {
        end.cancel()
        delegate.close()
    }

    override fun toString(): String = delegate.toString()

    private inner class TracingHandler(private val handler: AsyncStreamResponse.Handler<T>) : AsyncStreamResponse.Handler<T> {
        override fun onNext(value: T) {
            end.event(value)
            handler.onNext(value)
        }

        override fun onComplete(error: Optional<Throwable>) {
            end.end(error.orElse(null))
            handler.onComplete(error)
        }
    }
}
