package dev.spanwise.benchmarks

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.Exporters
import kotlinx.coroutines.runBlocking
import kotlin.time.Duration.Companion.seconds

/**
 * The Spanwise side of #7: the OTLP/HTTP JSON exporter (Ktor CIO) behind a queue of 2048 / 512, with
 * [inFlight] exports (and HTTP requests) at a time; 1 is the default.
 */
public class SpanwiseEndToEnd
@JvmOverloads
constructor(baseUrl: String, inFlight: Int = 1) : EndToEndRun.Pipeline {
    private val tracing: Tracing = Tracing {
        serviceName = "bench"
        exporter = Exporters.otlpHttp(baseUrl) { maxConcurrentRequests = inFlight }
        batching {
            queueCapacity = SpanShape.QUEUE_CAPACITY
            maxBatchSize = SpanShape.MAX_BATCH
            maxConcurrentExports = inFlight
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
