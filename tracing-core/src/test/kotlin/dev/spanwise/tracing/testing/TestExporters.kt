package dev.spanwise.tracing.testing

import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.model.SpanData
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.delay
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger

/** Records what it receives; answers with [script] results in order (then Success), after [latencyMs]. */
open class ScriptedExporter(
    private val script: List<(List<SpanData>) -> ExportResult> = emptyList(),
    private val latencyMs: Long = 0,
) : SpanExporter {
    val calls = AtomicInteger()
    val batches = CopyOnWriteArrayList<List<SpanData>>()
    val delivered: MutableSet<Long> = ConcurrentHashMap.newKeySet()
    val duplicates = AtomicInteger()

    override suspend fun export(batch: List<SpanData>): ExportResult {
        val n = calls.getAndIncrement()
        if (latencyMs > 0) delay(latencyMs)
        batches.add(batch)
        val result = script.getOrNull(n)?.invoke(batch) ?: ExportResult.Success
        if (result is ExportResult.Success) for (s in batch) if (!delivered.add(s.spanId)) duplicates.incrementAndGet()
        return result
    }
}

/** Never answers until [release] completes (or it is cancelled). */
class HangingExporter : SpanExporter {
    val release = CompletableDeferred<Unit>()
    val started = CompletableDeferred<Unit>()
    val cancelled = AtomicInteger()

    override suspend fun export(batch: List<SpanData>): ExportResult {
        started.complete(Unit)
        try {
            release.await()
        } catch (e: kotlinx.coroutines.CancellationException) {
            cancelled.incrementAndGet()
            throw e
        }
        return ExportResult.Success
    }
}
