package dev.spanwise.tracing.exporters.internal.json

import dev.spanwise.tracing.model.InternalTracingApi
import java.util.concurrent.atomic.AtomicReferenceArray

/**
 * A few [Utf8JsonWriter]s kept for reuse across batches, so steady-state encoding allocates no
 * buffer. Lock-free and bounded: at most [slots] writers are kept, and a writer whose buffer grew
 * past [maxRetainedBytes] is left to the garbage collector, so one huge batch does not pin memory.
 * When every kept writer is in use, [acquire] makes a new one.
 */
@InternalTracingApi
public class Utf8JsonWriterPool(
    slots: Int = DEFAULT_SLOTS,
    private val maxRetainedBytes: Int = DEFAULT_MAX_RETAINED_BYTES,
    private val initialBytes: Int = DEFAULT_INITIAL_BYTES,
) {
    private val free = AtomicReferenceArray<Utf8JsonWriter?>(slots)

    init {
        require(slots >= 1) { "slots must be at least 1, was $slots" }
    }

    /** A reset writer with at least [expectedBytes] of room, owned by the caller until [release]. */
    public fun acquire(expectedBytes: Int = 0): Utf8JsonWriter {
        for (i in 0 until free.length()) {
            val w = free.get(i)
            if (w != null && free.compareAndSet(i, w, null)) {
                w.reset().sink.ensure(expectedBytes)
                return w
            }
        }
        return Utf8JsonWriter(ByteSink(maxOf(initialBytes, expectedBytes)))
    }

    /** Returns [writer] to the pool; the caller must not touch it, nor bytes it wrote, afterwards. */
    public fun release(writer: Utf8JsonWriter) {
        if (writer.sink.capacity > maxRetainedBytes) return
        for (i in 0 until free.length()) {
            if (free.get(i) == null && free.compareAndSet(i, null, writer)) return
        }
    }

    /** Writers currently kept (for tests). */
    internal val retained: Int get() = (0 until free.length()).count { free.get(it) != null }

    internal companion object {
        const val DEFAULT_SLOTS: Int = 4
        const val DEFAULT_MAX_RETAINED_BYTES: Int = 8 * 1024 * 1024
        const val DEFAULT_INITIAL_BYTES: Int = 64 * 1024
    }
}
