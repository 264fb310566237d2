package dev.spanwise.tracing.interop;

import dev.spanwise.tracing.export.ExportResult;
import dev.spanwise.tracing.model.SpanData;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A destination for spans written in Java: the future-returning counterpart of core's
 * {@code SpanExporter}. Register one with {@link SpanwiseBuilder#exporter(JavaSpanExporter)}.
 *
 * <pre>{@code
 * JavaSpanExporter toQueue = batch -> queue.publishAsync(encode(batch))
 *     .thenApply(ok -> JavaSpanExporter.success());
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Spanwise calls one method at a time per exporter, from an SDK thread. Do not block it:
 *       return a future and complete it when the backend answers.</li>
 *   <li>Report backend problems as a result: {@link #failure(Throwable, boolean)}.
 *       A future completed exceptionally counts as a retryable failure; a synchronous throw or a
 *       {@code null} future drops the batch (counted as {@code SERIALIZATION_ERROR}).</li>
 *   <li>A future that never completes is abandoned and cancelled when the export timeout or a
 *       flush/shutdown deadline passes; it never holds up {@code flush()} or {@code shutdown()}.</li>
 * </ul>
 */
@FunctionalInterface
public interface JavaSpanExporter {
    /**
     * Sends one batch.
     *
     * @param batch the spans, in end order; do not modify
     * @return what became of the batch
     */
    CompletableFuture<ExportResult> export(List<SpanData> batch);

    /**
     * Pushes out anything the exporter buffers itself. Completes at once by default.
     *
     * @return the outcome
     */
    default CompletableFuture<ExportResult> flush() {
        return CompletableFuture.completedFuture(success());
    }

    /**
     * Releases resources; called once, after the last export. Calls {@link #flush()} by default.
     *
     * @return the outcome
     */
    default CompletableFuture<ExportResult> shutdown() {
        return flush();
    }

    /**
     * The result of a batch the backend accepted in full.
     *
     * @return {@code ExportResult.Success}, typed as {@code ExportResult} for {@code thenApply}
     */
    static ExportResult success() {
        return ExportResult.Success.INSTANCE;
    }

    /**
     * The result of a batch that was not delivered.
     *
     * @param cause what went wrong, if known; must not carry secrets
     * @param retryable whether sending the same batch again may succeed (5xx, 429, network errors)
     * @return a failure result
     */
    static ExportResult failure(Throwable cause, boolean retryable) {
        return new ExportResult.Failure(cause, retryable);
    }
}
