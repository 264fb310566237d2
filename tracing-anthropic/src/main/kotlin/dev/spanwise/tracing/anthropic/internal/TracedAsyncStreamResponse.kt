package dev.spanwise.tracing.anthropic.internal

import com.anthropic.core.http.AsyncStreamResponse
import com.anthropic.models.messages.RawMessageStreamEvent
import java.util.Optional
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor

/**
 * An asynchronous streamed response whose events are recorded as the handler receives them: the
 * span ends at `message_stop` (OK), when the stream completes with an error (ERROR), or at [close]
 * before the end (CANCELLED). [onCompleteFuture] completes after the span has ended.
 */
internal class TracedAsyncStreamResponse(
    private val delegate: AsyncStreamResponse<RawMessageStreamEvent>,
    private val recorder: StreamRecorder,
) : AsyncStreamResponse<RawMessageStreamEvent> {
    private val completion: CompletableFuture<Void?> =
        delegate.onCompleteFuture().whenComplete { _, error ->
            if (error == null) recorder.completed() else recorder.failed(error)
        }

    override fun subscribe(handler: AsyncStreamResponse.Handler<RawMessageStreamEvent>): AsyncStreamResponse<RawMessageStreamEvent> {
        delegate.subscribe(RecordingHandler(handler, recorder))
        return this
    }

    override fun subscribe(
        handler: AsyncStreamResponse.Handler<RawMessageStreamEvent>,
        executor: Executor,
    ): AsyncStreamResponse<RawMessageStreamEvent> {
        delegate.subscribe(RecordingHandler(handler, recorder), executor)
        return this
    }

    override fun onCompleteFuture(): CompletableFuture<Void?> = completion

    override fun close() {
        recorder.cancelled()
        delegate.close()
    }

    /** Records each event before the user's handler sees it, and the stream's end. */
    private class RecordingHandler(
        private val handler: AsyncStreamResponse.Handler<RawMessageStreamEvent>,
        private val recorder: StreamRecorder,
    ) : AsyncStreamResponse.Handler<RawMessageStreamEvent> {
        override fun onNext(value: RawMessageStreamEvent) {
            recorder.event(value)
            handler.onNext(value)
        }

        override fun onComplete(error: Optional<Throwable>) {
            if (error.isPresent) recorder.failed(error.get()) else recorder.completed()
            handler.onComplete(error)
        }
    }
}
