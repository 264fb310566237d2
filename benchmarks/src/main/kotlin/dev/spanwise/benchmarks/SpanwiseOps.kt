package dev.spanwise.benchmarks

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.export.ExportCounts
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.scope.ScopeElement
import dev.spanwise.tracing.scope.SpanDsl
import dev.spanwise.tracing.scope.TraceScope
import dev.spanwise.tracing.traced
import kotlinx.coroutines.runBlocking
import kotlin.coroutines.CoroutineContext
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

/** The Spanwise side of the span benchmarks, written in Kotlin as users write it. */
public object SpanwiseOps {
    /** A `Tracing` with the suite's queue bound and batch, exporting to [exporter]. */
    @JvmStatic
    @JvmOverloads
    public fun tracing(
        exporter: SpanExporter?,
        sampleRate: Double = 1.0,
        queueCapacity: Int = SpanShape.QUEUE_CAPACITY,
        maxBufferedBytes: Long = 64L * 1024 * 1024,
    ): Tracing = Tracing {
        serviceName = "bench"
        this.exporter = exporter
        this.sampleRate = sampleRate
        batching {
            this.queueCapacity = queueCapacity
            this.maxBufferedBytes = maxBufferedBytes
            maxBatchSize = SpanShape.MAX_BATCH
            exportTimeout = 10.minutes
        }
    }

    /** A disabled `Tracing` (`enabled = false`). */
    @JvmStatic
    public fun disabled(): Tracing = Tracing { enabled = false }

    /** Blocks until [tracing] has handed every span ended so far to its exporter. */
    @JvmStatic
    public fun flush(tracing: Tracing): ExportCounts = runBlocking { tracing.flush(30.seconds) }

    /** Shuts [tracing] down. */
    @JvmStatic
    public fun shutdown(tracing: Tracing): ExportCounts = runBlocking { tracing.shutdown(30.seconds) }

    /** Sets the five attributes of [SpanShape] with constant keys. */
    @JvmStatic
    public fun shape(span: SpanDsl, inputTokens: Long, outputTokens: Long) {
        span.attribute(SpanShape.KEY_SYSTEM, SpanShape.SYSTEM)
        span.attribute(SpanShape.KEY_MODEL, SpanShape.MODEL)
        span.attribute(SpanShape.KEY_OPERATION, SpanShape.OPERATION)
        span.attribute(SpanShape.KEY_INPUT_TOKENS, inputTokens)
        span.attribute(SpanShape.KEY_OUTPUT_TOKENS, outputTokens)
    }

    /** The non-suspending core path: `begin`, five attributes, `end`. */
    @JvmStatic
    public fun explicitSpan(tracing: Tracing, inputTokens: Long, outputTokens: Long) {
        val scope = tracing.begin(SpanShape.NAME)
        scope.attribute(SpanShape.KEY_SYSTEM, SpanShape.SYSTEM)
        scope.attribute(SpanShape.KEY_MODEL, SpanShape.MODEL)
        scope.attribute(SpanShape.KEY_OPERATION, SpanShape.OPERATION)
        scope.attribute(SpanShape.KEY_INPUT_TOKENS, inputTokens)
        scope.attribute(SpanShape.KEY_OUTPUT_TOKENS, outputTokens)
        scope.end()
    }

    /**
     * [count] spans through the DSL, `tracing.traced("llm.call") { attribute(…) ×5 }`, inside one
     * request-like coroutine (so the harness's own coroutine costs are spread over [count] spans).
     */
    @JvmStatic
    public fun dslSpans(tracing: Tracing, count: Int, inputTokens: Long, outputTokens: Long): Int = Direct.run(
        CoroutineOps.requestContext(),
    ) {
        var n = 0
        repeat(count) {
            n += tracing.traced(SpanShape.NAME) {
                attribute(SpanShape.KEY_SYSTEM, SpanShape.SYSTEM)
                attribute(SpanShape.KEY_MODEL, SpanShape.MODEL)
                attribute(SpanShape.KEY_OPERATION, SpanShape.OPERATION)
                attribute(SpanShape.KEY_INPUT_TOKENS, inputTokens)
                attribute(SpanShape.KEY_OUTPUT_TOKENS, outputTokens)
                1
            }
        }
        n
    }

    /** [count] agent + LLM call pairs: `traced("agent") { llm("call") { usage(…); attribute(…) } }`. */
    @JvmStatic
    public fun nestedDsl(context: CoroutineContext, tracing: Tracing, count: Int, inputTokens: Long, outputTokens: Long): Int =
        Direct.run(context) {
            var n = 0
            repeat(count) {
                n += tracing.traced("agent") {
                    llm(SpanShape.NAME, provider = SpanShape.SYSTEM, model = SpanShape.MODEL) {
                        attribute(SpanShape.KEY_SYSTEM, SpanShape.SYSTEM)
                        attribute(SpanShape.KEY_MODEL, SpanShape.MODEL)
                        attribute(SpanShape.KEY_OPERATION, SpanShape.OPERATION)
                        attribute(SpanShape.KEY_INPUT_TOKENS, inputTokens)
                        attribute(SpanShape.KEY_OUTPUT_TOKENS, outputTokens)
                        1
                    }
                }
            }
            n
        }

    /** Ends [count] spans with the explicit API (used to fill queues). */
    @JvmStatic
    public fun endSpans(tracing: Tracing, count: Int) {
        repeat(count) { explicitSpan(tracing, SpanShape.INPUT_TOKENS, SpanShape.OUTPUT_TOKENS) }
    }

    /** A context element holding [scope], as `traced { }` installs it. */
    @JvmStatic
    public fun element(scope: TraceScope): ScopeElement = ScopeElement(scope)
}
