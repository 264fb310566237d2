package dev.spanwise.tracing.test

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.config.TracingConfig
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.exporters.InMemoryExporter
import dev.spanwise.tracing.model.SpanData
import kotlinx.coroutines.runBlocking
import java.util.function.Consumer
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * Spans recorded by the code under test, kept in memory and navigable as trees.
 *
 * A capture owns a [Tracing] that exports into it; hand [tracing] (or, from Java,
 * `Spanwise.of(capture.tracing())`) to the code under test. Every query first flushes that
 * `Tracing`, so what the code ended before the query is there — no sleeps, no polling.
 *
 * ```kotlin
 * TraceCapture().use { capture ->
 *     capture.tracing.traced("support-agent") { llm("answer", model = "gpt-4o") { usage(120, 40) } }
 *     capture.assertThat("answer").isLlmCall().isUnder("support-agent").hasInputTokens(120)
 * }
 * ```
 *
 * Thread-safe. [close] shuts the `Tracing` down.
 */
public class TraceCapture private constructor(config: TracingConfig) : AutoCloseable {
    private val exporter: InMemoryExporter = Exporters.inMemory()

    /** The `Tracing` whose spans this capture records. */
    @get:JvmName("tracing")
    public val tracing: Tracing

    init {
        config.exporter = exporter
        tracing = Tracing.create(config)
    }

    /** A capture with the test defaults: service `test`, every trace sampled, content capture off. */
    public constructor() : this(defaults())

    /** A capture whose `Tracing` is configured by [configure] after the test defaults (pricing, content capture, …). */
    public constructor(configure: Consumer<TracingConfig>) : this(defaults().also { configure.accept(it) })

    /** Every span ended so far, in the order they were exported. */
    public fun spans(): List<SpanData> {
        flush()
        return exporter.spans
    }

    /** The spans named [name] (possibly none). */
    public fun spans(name: String): List<SpanData> = spans().filter { it.name == name }

    /** The one span named [name]; fails, listing the names there are, when there is none or several. */
    public fun span(name: String): SpanData {
        val all = spans()
        val found = all.filter { it.name == name }
        if (found.size == 1) return found[0]
        val names = all.map { it.name }.distinct().sorted()
        throw AssertionError(
            if (found.isEmpty()) "no span named '$name'; spans: $names" else "${found.size} spans named '$name'; use spans(\"$name\")",
        )
    }

    /** The in-process parent of [span], or `null` for a root (or a parent in another process). */
    public fun parentOf(span: SpanData): SpanData? {
        if (span.parentSpanId == 0L || span.parentIsRemote) return null
        return spans().firstOrNull { it.spanId == span.parentSpanId && sameTrace(it, span) }
    }

    /** The direct children of [span], in the order they ended. */
    public fun childrenOf(span: SpanData): List<SpanData> = childrenIn(spans(), span)

    /** Every span below [span], depth first. */
    public fun descendantsOf(span: SpanData): List<SpanData> {
        val all = spans()
        val out = ArrayList<SpanData>()
        fun walk(node: SpanData) {
            childrenIn(all, node).forEach {
                out += it
                walk(it)
            }
        }
        walk(span)
        return out
    }

    /** The local root of [span]'s tree ([span] itself when it is one). */
    public fun rootOf(span: SpanData): SpanData {
        var node = span
        var depth = 0
        while (depth++ < MAX_DEPTH) node = parentOf(node) ?: return node
        return node
    }

    /** The local roots: spans with no parent here (a new trace, or a parent in another service). */
    public fun roots(): List<SpanData> {
        val all = spans()
        return all.filter { s -> all.none { it.spanId == s.parentSpanId && sameTrace(it, s) } }
    }

    /** Fluent assertions on the one span named [name]. */
    public fun assertThat(name: String): SpanAssert = SpanAssert(this, span(name))

    /** Fluent assertions on [span]. */
    public fun assertThat(span: SpanData): SpanAssert = SpanAssert(this, span)

    /** Forgets every span captured so far (after flushing, so none arrives late). */
    public fun clear() {
        flush()
        exporter.clear()
    }

    /** Waits until every span ended so far has reached this capture. */
    public fun flush() {
        runBlocking { tracing.flush(FLUSH_TIMEOUT) }
    }

    /** Shuts the capture's `Tracing` down. */
    override fun close() {
        runBlocking { tracing.shutdown(FLUSH_TIMEOUT) }
    }

    override fun toString(): String = "TraceCapture(${exporter.spans.size} spans)"

    private fun childrenIn(all: List<SpanData>, parent: SpanData): List<SpanData> =
        all.filter { it.parentSpanId == parent.spanId && !it.parentIsRemote && sameTrace(it, parent) }

    private fun sameTrace(a: SpanData, b: SpanData) = a.traceIdHigh == b.traceIdHigh && a.traceIdLow == b.traceIdLow

    private companion object {
        const val MAX_DEPTH = 10_000
        val FLUSH_TIMEOUT = 10.seconds

        fun defaults(): TracingConfig = TracingConfig().apply {
            serviceName = "test"
            sampleRate = 1.0
            registerShutdownHook = false // a test closes its capture; no JVM hook per capture
            batching { flushInterval = 20.milliseconds }
        }
    }
}

/** A capture configured by [configure] after the test defaults. */
@JvmSynthetic
public fun TraceCapture(configure: TracingConfig.() -> Unit): TraceCapture = TraceCapture(Consumer { it.configure() })
