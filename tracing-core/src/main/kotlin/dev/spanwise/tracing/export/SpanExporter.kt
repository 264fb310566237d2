package dev.spanwise.tracing.export

/**
 * Sends batches of ended spans somewhere. Spanwise calls an exporter from one coroutine at a time
 * per destination; implementations need not be thread-safe unless they are shared.
 *
 * ### Contract
 * - [export] never throws for transport or backend problems: it returns [ExportResult.Failure]
 *   (retryable or not). Anything it does throw is caught, counted as a serialization error and logged.
 * - Cancellation (a flush or shutdown deadline) is delivered as `CancellationException`.
 */
public interface SpanExporter {
    /** Sends one batch and says what became of it. */
    public suspend fun export(batch: List<SpanData>): ExportResult

    /** Pushes out anything the exporter buffers itself. */
    public suspend fun flush(): ExportResult = ExportResult.Success

    /** Releases resources (HTTP clients, files). Called once, after the last [export]. */
    public suspend fun shutdown(): ExportResult = flush()

    /** Factories. */
    public companion object {
        /** An exporter that accepts and discards everything. */
        @JvmStatic
        public fun noop(): SpanExporter = NoopExporter

        /** Fans out to several exporters; each gets its own queue when configured on `Tracing`. */
        @JvmStatic
        public fun composite(vararg exporters: SpanExporter): SpanExporter = CompositeExporter(exporters.toList())
    }
}

internal object NoopExporter : SpanExporter {
    override suspend fun export(batch: List<SpanData>): ExportResult = ExportResult.Success
    override fun toString(): String = "NoopExporter"
}
