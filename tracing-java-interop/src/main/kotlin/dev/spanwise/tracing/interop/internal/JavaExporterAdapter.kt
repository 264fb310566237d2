package dev.spanwise.tracing.interop.internal

import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.model.InternalTracingApi
import dev.spanwise.tracing.model.SpanData
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.future.await
import java.util.concurrent.CompletableFuture
import java.util.function.Function
import java.util.function.Supplier

/**
 * Lets an exporter written with futures (the facade's `JavaSpanExporter`, whose three methods are
 * passed here so this package does not depend on the facade) stand where core expects a
 * [SpanExporter] (suspend). [name] is what `toString()` shows (the Java exporter itself).
 *
 * A future the exporter never completes is abandoned (and cancelled) when the pipeline's export
 * timeout or a flush/shutdown deadline passes; a `null` future or a synchronous throw counts as a
 * failed export, exactly like a Kotlin exporter that throws; a future completed exceptionally is a
 * retryable failure (a transport problem).
 */
@InternalTracingApi
public class JavaExporterAdapter(
    private val export: Function<List<SpanData>, CompletableFuture<ExportResult>?>,
    private val flush: Supplier<CompletableFuture<ExportResult>?>,
    private val shutdown: Supplier<CompletableFuture<ExportResult>?>,
    private val delegate: Any,
) : SpanExporter {
    override suspend fun export(batch: List<SpanData>): ExportResult = awaitResult(export.apply(batch))

    override suspend fun flush(): ExportResult = awaitResult(flush.get())

    override suspend fun shutdown(): ExportResult = awaitResult(shutdown.get())

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
