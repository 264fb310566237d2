package dev.spanwise.tracing.export

import dev.spanwise.tracing.model.SpanData

/**
 * Sends batches of ended spans somewhere.
 *
 * ### Concurrency
 * Spanwise may call [export] concurrently: up to `BatchingConfig.maxConcurrentExports` calls at
 * once per destination (1 by default), each with a different batch. An implementation keeps the
 * state of a batch in the call (locals), never in fields shared by calls; state it shares across
 * calls (a client, a connection pool, a rate-limit deadline) must be thread-safe. [flush] is
 * called once the exports before it have finished (unless its deadline passed first); [shutdown]
 * once, last.
 *
 * ### Contract
 * - [export] never throws for transport or backend problems: it returns [ExportResult.Failure]
 *   (retryable or not). Anything it does throw is caught, counted as a serialization error and logged.
 * - A retryable failure is retried by the pipeline with the same batch, after the wait it chooses
 *   (see [ExportResult.Failure]). The pipeline also cancels a call that passes `exportTimeout` and
 *   tries the batch again, so a batch may be sent more than once: backends should deduplicate by
 *   span id. (The built-in vendor exporters resume a multi-request batch where it stopped.)
 * - Cancellation (a flush or shutdown deadline, `exportTimeout`) is delivered as `CancellationException`.
 */
public interface SpanExporter {
    /** Sends one batch and says what became of it. */
    public suspend fun export(batch: List<SpanData>): ExportResult

    /** Pushes out anything the exporter buffers itself. */
    public suspend fun flush(): ExportResult = ExportResult.Success

    /** Releases resources (HTTP clients, files). Called once, after the last [export]. */
    public suspend fun shutdown(): ExportResult = flush()
}
