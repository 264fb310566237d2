package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.model.StreamingKeys
import dev.spanwise.tracing.scope.TraceScope
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater
import java.util.concurrent.atomic.AtomicLongFieldUpdater

/**
 * The timing of one streamed LLM call: marks the span as a stream when it starts, counts chunks,
 * records the time to the first chunk (the engine's monotonic clock, from the span's start) and the
 * chunk count, and ends the span once — by the one rule of [ScopeEnding]. Created only for streamed
 * calls that record; thread-safe, never throws.
 */
internal class StreamRecording private constructor(private val span: RecordingSpan) {
    @Volatile private var chunks = 0L

    @Volatile private var ended = 0

    /** Whether the stream has ended. */
    val isEnded: Boolean get() = ended != 0

    /** Counts one chunk; the first one also records the time to first chunk. Ignored after the end. */
    fun chunk() {
        if (ended != 0) return
        if (CHUNKS.incrementAndGet(this) == 1L) {
            val nanos = span.engine.clock.nowEpochNanos() - span.startEpochNanos
            span.attribute(StreamingKeys.TIME_TO_FIRST_CHUNK, nanos.coerceAtLeast(0) / 1e9)
        }
    }

    /** Ends the span: OK for `null`, else by [ScopeEnding]'s rule (ERROR, CANCELLED, timeout). Only the first end counts. */
    fun end(error: Throwable?) {
        if (!ENDED.compareAndSet(this, 0, 1)) return
        span.attribute(StreamingKeys.CHUNKS, chunks)
        ScopeEnding.end(span, error)
    }

    /** Ends the span CANCELLED (the consumer gave up on the stream). Only the first end counts. */
    fun cancel() {
        if (!ENDED.compareAndSet(this, 0, 1)) return
        span.attribute(StreamingKeys.CHUNKS, chunks)
        span.end(SpanStatus.CANCELLED)
    }

    companion object {
        private val CHUNKS: AtomicLongFieldUpdater<StreamRecording> =
            AtomicLongFieldUpdater.newUpdater(StreamRecording::class.java, "chunks")
        private val ENDED: AtomicIntegerFieldUpdater<StreamRecording> =
            AtomicIntegerFieldUpdater.newUpdater(StreamRecording::class.java, "ended")

        /** Marks [span] as a stream and starts counting; `null` when [span] records nothing. */
        fun start(span: TraceScope): StreamRecording? {
            if (span !is RecordingSpan) return null
            span.attribute(StreamingKeys.STREAM, true)
            return StreamRecording(span)
        }
    }
}
