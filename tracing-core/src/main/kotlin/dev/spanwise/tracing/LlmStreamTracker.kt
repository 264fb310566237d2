package dev.spanwise.tracing

import dev.spanwise.tracing.internal.engine.ScopeEnding
import dev.spanwise.tracing.internal.engine.StreamRecording
import dev.spanwise.tracing.model.InternalTracingApi
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.scope.LlmScope

/**
 * The stream timing of [tracedLlmStream] for the Java facade's `LlmStream`: one rule for chunk
 * count, time to first chunk and how a stream ends, whichever API drives it. Thread-safe; never
 * throws; for a call that records nothing it only ends the call.
 */
@InternalTracingApi
public class LlmStreamTracker private constructor(private val call: LlmScope, private val recording: StreamRecording?) {
    /** Whether the stream has ended. */
    public val isEnded: Boolean get() = recording?.isEnded ?: call.isEnded

    /** Counts one chunk; the first also records the time to first chunk. */
    public fun chunk() {
        recording?.chunk()
    }

    /** Ends the call: OK when [error] is `null`, CANCELLED for a cancellation, else ERROR with [error]. */
    public fun end(error: Throwable?) {
        if (recording != null) recording.end(error) else ScopeEnding.end(call, error)
    }

    /** Ends the call CANCELLED. */
    public fun cancel() {
        if (recording != null) recording.cancel() else call.end(SpanStatus.CANCELLED)
    }

    /** Factory. */
    public companion object {
        /** Marks [call] as a stream (when it records) and tracks it. */
        @JvmStatic
        public fun start(call: LlmScope): LlmStreamTracker = LlmStreamTracker(call, StreamRecording.start(call))
    }
}
