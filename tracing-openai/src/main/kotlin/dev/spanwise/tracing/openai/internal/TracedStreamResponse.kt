package dev.spanwise.tracing.openai.internal

import com.openai.core.http.StreamResponse
import java.util.Spliterator
import java.util.Spliterators
import java.util.function.Consumer
import java.util.stream.Stream
import java.util.stream.StreamSupport

/**
 * A blocking stream whose reading drives its span: each event read is a chunk, the stream's end
 * ends the span OK, a failure while reading (a dropped connection) ends it ERROR, and [close] before
 * the end — the consumer giving up — ends it CANCELLED with what arrived. Events reach the consumer
 * unchanged and in order; the SDK's exceptions as the same instances.
 */
internal class TracedStreamResponse<T>(private val delegate: StreamResponse<T>, private val end: StreamEnd) : StreamResponse<T> {
    override fun stream(): Stream<T> {
        val events = delegate.stream()
        val source = events.iterator()
        val spliterator = object : Spliterators.AbstractSpliterator<T>(Long.MAX_VALUE, Spliterator.ORDERED) {
            override fun tryAdvance(action: Consumer<in T>): Boolean {
                val next: T
                try {
                    if (!source.hasNext()) {
                        end.end(null)
                        return false
                    }
                    next = source.next()
                } catch (e: Throwable) {
                    end.end(e)
                    throw e
                }
                end.event(next)
                action.accept(next)
                return true
            }
        }
        return StreamSupport.stream(spliterator, false).onClose {
            try {
                events.close()
            } finally {
                close()
            }
        }
    }

    override fun close() {
        end.cancel()
        delegate.close()
    }

    override fun toString(): String = delegate.toString()
}
