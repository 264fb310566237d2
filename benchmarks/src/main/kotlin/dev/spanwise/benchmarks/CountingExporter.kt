package dev.spanwise.benchmarks

import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.model.SpanData
import kotlinx.coroutines.CompletableDeferred
import java.util.concurrent.atomic.AtomicLong

/**
 * A no-op exporter that counts the spans handed to it. With [blocked] set, every export waits
 * until [release] (used to hold spans in the queue for the memory benchmark).
 */
public class CountingExporter @JvmOverloads constructor(blocked: Boolean = false) : SpanExporter {
    private val received = AtomicLong()
    private val gate: CompletableDeferred<Unit>? = if (blocked) CompletableDeferred() else null

    /** Spans handed to [export] so far (counted on entry, before any wait). */
    public fun received(): Long = received.get()

    /** Lets blocked exports finish. */
    public fun release() {
        gate?.complete(Unit)
    }

    override suspend fun export(batch: List<SpanData>): ExportResult {
        received.addAndGet(batch.size.toLong())
        gate?.await()
        return ExportResult.Success
    }
}
