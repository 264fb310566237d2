package dev.spanwise.tracing.exporters

import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.model.SpanData
import java.util.concurrent.CopyOnWriteArrayList

/**
 * Keeps exported spans in memory, for tests of code that uses Spanwise.
 *
 * ```kotlin
 * val spans = Exporters.inMemory()
 * val tracing = Tracing { exporter = spans }
 * tracing.traced("agent") { … }
 * tracing.flush()
 * assertEquals(1, spans.findByName("agent").size)
 * ```
 * Thread-safe.
 */
public class InMemoryExporter : SpanExporter {
    private val exported = CopyOnWriteArrayList<SpanData>()

    @Volatile
    private var stopped = false

    /** Every span exported so far, in export order. */
    public val spans: List<SpanData> get() = exported.toList()

    /** Whether [shutdown] was called. */
    public val isShutdown: Boolean get() = stopped

    /** The spans named [name]. */
    public fun findByName(name: String): List<SpanData> = exported.filter { it.name == name }

    /** The single span named [name]; throws [NoSuchElementException] or [IllegalStateException] otherwise. */
    public fun single(name: String): SpanData {
        val found = findByName(name)
        if (found.isEmpty()) throw NoSuchElementException("no span named '$name' among ${exported.map { it.name }}")
        check(found.size == 1) { "${found.size} spans named '$name'" }
        return found[0]
    }

    /** The spans of the trace with the given 32-hex id. */
    public fun trace(traceIdHex: String): List<SpanData> = exported.filter { it.traceIdHex == traceIdHex }

    /** The direct children of [parent]. */
    public fun childrenOf(parent: SpanData): List<SpanData> = exported.filter {
        it.parentSpanId == parent.spanId && it.traceIdLow == parent.traceIdLow && it.traceIdHigh == parent.traceIdHigh
    }

    /** Forgets every span exported so far. */
    public fun clear() {
        exported.clear()
    }

    override suspend fun export(batch: List<SpanData>): ExportResult {
        exported.addAll(batch)
        return ExportResult.Success
    }

    override suspend fun shutdown(): ExportResult {
        stopped = true
        return ExportResult.Success
    }

    override fun toString(): String = "InMemoryExporter(${exported.size} spans)"
}
