package dev.spanwise.tracing.anthropic.internal

import com.anthropic.core.http.StreamResponse
import com.anthropic.models.messages.RawMessageStreamEvent
import java.util.Spliterator
import java.util.Spliterators
import java.util.stream.Stream
import java.util.stream.StreamSupport

/**
 * A streamed response whose events are recorded as they are read: the span ends at
 * `message_stop` (OK), at a failure while reading (ERROR, the same exception reaches the reader),
 * or at [close] before the end (CANCELLED).
 */
internal class TracedStreamResponse(
    private val delegate: StreamResponse<RawMessageStreamEvent>,
    private val recorder: StreamRecorder,
) : StreamResponse<RawMessageStreamEvent> {
    override fun stream(): Stream<RawMessageStreamEvent> {
        val events =
            try {
                delegate.stream()
            } catch (e: Throwable) {
                recorder.failed(e)
                throw e
            }
        val iterator = RecordingIterator(events.iterator(), recorder)
        val spliterator = Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED or Spliterator.NONNULL)
        return StreamSupport.stream(spliterator, false).onClose { close() }
    }

    override fun close() {
        recorder.cancelled()
        delegate.close()
    }

    /** Records each event read, and how reading ends. */
    private class RecordingIterator(
        private val events: Iterator<RawMessageStreamEvent>,
        private val recorder: StreamRecorder,
    ) : Iterator<RawMessageStreamEvent> {
        override fun hasNext(): Boolean {
            val more =
                try {
                    events.hasNext()
                } catch (e: Throwable) {
                    recorder.failed(e)
                    throw e
                }
            if (!more) recorder.completed()
            return more
        }

        override fun next(): RawMessageStreamEvent {
            val event =
                try {
                    events.next()
                } catch (e: Throwable) {
                    recorder.failed(e)
                    throw e
                }
            recorder.event(event)
            return event
        }
    }
}
