package dev.spanwise.benchmarks

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.export.Exporters
import kotlinx.coroutines.runBlocking
import kotlin.time.Duration.Companion.seconds

/** The Spanwise side of #7: the default OTLP/HTTP JSON exporter (Ktor CIO) behind the default queue (2048 / 512). */
public class SpanwiseEndToEnd(baseUrl: String) : EndToEndRun.Pipeline {
    private val tracing: Tracing = Tracing {
        serviceName = "bench"
        exporter = Exporters.otlpHttp(baseUrl)
        batching {
            queueCapacity = SpanShape.QUEUE_CAPACITY
            maxBatchSize = SpanShape.MAX_BATCH
        }
    }

    override fun endSpan() {
        SpanwiseOps.explicitSpan(tracing, SpanShape.INPUT_TOKENS, SpanShape.OUTPUT_TOKENS)
    }

    override fun drain() {
        runBlocking { tracing.flush(30.seconds) }
    }

    override fun close() {
        runBlocking { tracing.shutdown(30.seconds) }
    }
}
