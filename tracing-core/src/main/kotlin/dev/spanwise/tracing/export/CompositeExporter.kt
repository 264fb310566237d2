package dev.spanwise.tracing.export

/**
 * Several exporters as one. When it is the configured exporter of a `Tracing`, each member gets
 * its own queue and consumer, so a slow or failing destination never delays the others.
 * Used directly, [export] sends to each member in turn and reports the worst result.
 */
public class CompositeExporter(
    /** The member exporters, in order. */
    public val exporters: List<SpanExporter>,
) : SpanExporter {
    override suspend fun export(batch: List<SpanData>): ExportResult {
        var result: ExportResult = ExportResult.Success
        for (e in exporters) {
            val r = e.export(batch)
            if (r !is ExportResult.Success) result = r
        }
        return result
    }

    override suspend fun flush(): ExportResult {
        var result: ExportResult = ExportResult.Success
        for (e in exporters) {
            val r = e.flush()
            if (r !is ExportResult.Success) result = r
        }
        return result
    }

    override suspend fun shutdown(): ExportResult {
        var result: ExportResult = ExportResult.Success
        for (e in exporters) {
            val r = e.shutdown()
            if (r !is ExportResult.Success) result = r
        }
        return result
    }

    override fun toString(): String = "CompositeExporter($exporters)"
}
