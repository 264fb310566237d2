package dev.spanwise.tracing.interop.internal

import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.interop.JavaSpanExporter
import dev.spanwise.tracing.model.SpanData
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.future.await
import java.util.concurrent.CompletableFuture

/**
 * Lets a [JavaSpanExporter] (futures) stand where core expects a [SpanExporter] (suspend).
 *
 * A future the exporter never completes is abandoned (and cancelled) when the pipeline's export
 * timeout or a flush/shutdown deadline passes; a `null` future or a synchronous throw counts as a
 * failed export, exactly like a Kotlin exporter that throws; a future completed exceptionally is a
 * retryable failure (a transport problem).
 */
public class JavaExporterAdapter(private val delegate: JavaSpanExporter) : SpanExporter {
    override suspend fun export(batch: List<SpanData>): ExportResult = awaitResult(delegate.export(batch))

    override suspend fun flush(): ExportResult = awaitResult(delegate.flush())

    override suspend fun shutdown(): ExportResult = awaitResult(delegate.shutdown())

    private suspend fun awaitResult(future: CompletableFuture<ExportResult>?): ExportResult {
        if (future == null) return ExportResult.Failure(IllegalStateException("$delegate returned a null future"), retryable = false)
        return try {
            future.await() ?: ExportResult.Failure(IllegalStateException("$delegate completed with null"), retryable = false)
        } catch (e: CancellationException) {
            currentCoroutineContext().ensureActive() // our own cancellation (a deadline) propagates
            ExportResult.Failure(e, retryable = true) // the exporter cancelled its own future
        } catch (e: Exception) {
            ExportResult.Failure(e, retryable = true) // a future completed exceptionally is a transport failure
        }
    }

    override fun toString(): String = delegate.toString()
}
