package dev.spanwise.benchmarks

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.model.SpanData
import kotlinx.coroutines.runBlocking

/** The Spanwise side of [BatchShape]: real span records from a `Tracing`, collected once. */
public object SpanwiseBatches {
    /** [count] ended spans of [BatchShape], with content of [payloadBytes] each when positive. */
    @JvmStatic
    public fun spans(count: Int, payloadBytes: Int): List<SpanData> {
        val memory = Exporters.inMemory()
        val tracing = Tracing {
            serviceName = "bench"
            exporter = memory
            batching { queueCapacity = count + 1 }
        }
        repeat(count) { record(tracing, payloadBytes, it) }
        runBlocking { tracing.shutdown() }
        check(memory.spans.size == count) { "collected ${memory.spans.size} of $count spans" }
        return memory.spans
    }

    /** One span of [BatchShape] through [tracing]. */
    @JvmStatic
    public fun record(tracing: Tracing, payloadBytes: Int, i: Int) {
        val scope = tracing.begin(SpanShape.NAME)
        for (k in BatchShape.STRING_KEYS.indices) scope.attribute(BatchShape.STRING_KEYS[k], BatchShape.STRING_VALUES[k])
        for (k in BatchShape.LONG_KEYS.indices) scope.attribute(BatchShape.LONG_KEYS[k], BatchShape.LONG_VALUES[k] + i)
        if (payloadBytes > 0) {
            scope.attribute(BatchShape.PROMPT_KEY, BatchShape.content(payloadBytes, 'p'))
            scope.attribute(BatchShape.COMPLETION_KEY, BatchShape.content(payloadBytes, 'c'))
        }
        scope.end()
    }
}
