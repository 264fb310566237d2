package dev.spanwise.tracing.exporters

import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.model.SpanData

/**
 * Several exporters as one. When it is the configured exporter of a `Tracing`, each member gets
 * its own queue and consumer, so a slow or failing destination never delays the others.
 * Used directly, [export] sends to each member in turn and reports the worst result.
 */
public class CompositeExporter(
    /** The member exporters, in order. */
    public val exporters: List<SpanExporter>,
) : SpanExporter {
    override suspend fun export(batch: List<SpanData>): ExportResult = worstOf { it.export(batch) }

    override suspend fun flush(): ExportResult = worstOf { it.flush() }

    override suspend fun shutdown(): ExportResult = worstOf { it.shutdown() }

    /** Calls every member in turn; the result is the last non-success, or success. */
    private suspend inline fun worstOf(call: (SpanExporter) -> ExportResult): ExportResult {
        var result: ExportResult = ExportResult.Success
        for (e in exporters) {
            val r = call(e)
            if (r !is ExportResult.Success) result = r
        }
        return result
    }

    override fun toString(): String = "CompositeExporter($exporters)"
}

/**
 * The destinations this exporter stands for when it is a `Tracing`'s exporter: a composite's
 * members, each of which gets its own queue and consumer, else the exporter itself.
 */
internal fun SpanExporter.destinations(): List<SpanExporter> = if (this is CompositeExporter) exporters else listOf(this)
