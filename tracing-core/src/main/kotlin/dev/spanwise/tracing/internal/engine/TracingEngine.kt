package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.config.TracingConfig
import dev.spanwise.tracing.export.ExportCounts
import dev.spanwise.tracing.internal.pipeline.BatchingPipeline
import dev.spanwise.tracing.internal.pipeline.exportCoroutineContext
import dev.spanwise.tracing.model.AttributeLimits
import dev.spanwise.tracing.model.Attributes
import dev.spanwise.tracing.model.AttributesBuilder
import dev.spanwise.tracing.model.Resource
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.model.internal.Clock
import dev.spanwise.tracing.model.internal.Ids
import dev.spanwise.tracing.model.internal.ThrottledLogger
import dev.spanwise.tracing.model.truncateChars
import dev.spanwise.tracing.pricing.CostCalculator
import dev.spanwise.tracing.propagation.ParentLink
import dev.spanwise.tracing.propagation.isValidLogicalParentId
import dev.spanwise.tracing.scope.CompletedLlmCall
import dev.spanwise.tracing.scope.LlmScope
import dev.spanwise.tracing.scope.TraceScope
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.SupervisorJob
import java.time.Instant
import java.util.concurrent.atomic.AtomicLong
import kotlin.time.Duration

/**
 * Everything behind an enabled `Tracing`: span start (parent, trace, sampling, inheritance), span
 * end, and API misuse counts. Turning an ended span into `SpanData` is in SpanDataAssembly.kt,
 * content capture and masking in [ContentCapture], LLM cost in [LlmCallPricing], the sampling rule
 * in [Sampling], the export pipelines and their lifecycle in [ExportLifecycle].
 */
internal class TracingEngine(config: TracingConfig, val clock: Clock = Clock.SYSTEM) {
    val limits: AttributeLimits = config.limits
    val resource = Resource(
        config.serviceName,
        config.serviceVersion,
        config.environment,
        AttributesBuilder(config.limits).apply { putAll(config.resourceAttributes) }.build(),
    )

    /** The configured global attributes, merged into every span at its end. */
    val globalAttributes = AttributesBuilder(config.limits).apply { putAll(config.globalAttributes) }.build()
    private val sampleThreshold: Long = Sampling.threshold(config.sampleRate)
    val log = ThrottledLogger("dev.spanwise.tracing")
    val content = ContentCapture(config.captureContent, config.contentMask, limits, clock, log)
    val toolCallLinks = ToolCallLinks()
    val pricing = LlmCallPricing(CostCalculator(config.pricing.prices), log)
    private val misuse = AtomicLong()
    val propagateUserId: Boolean = config.propagateUserId

    private val job = SupervisorJob()
    val scope = CoroutineScope(job + exportCoroutineContext(config.serviceName))
    private val lifecycle = ExportLifecycle(config, scope, clock, log)
    val pipelines: List<BatchingPipeline> = lifecycle.pipelines

    init {
        lifecycle.start(resource.serviceName)
    }

    /** Whether the trace whose low id half is [traceIdLow] is sampled (the same answer in every service). */
    fun isSampled(traceIdLow: Long): Boolean = sampleThreshold == Long.MAX_VALUE || (traceIdLow ushr 1) < sampleThreshold

    // ---- span start ----

    /**
     * Starts a span under [parent] (a local span, a remote placeholder or a sampled-out scope), or
     * under the scope named by [parentScopeId] when given, else as a new root.
     */
    fun startSpan(
        name: String,
        kind: ScopeKind,
        parent: TraceScope?,
        parentScopeId: String?,
        correlationId: String?,
        attributes: Map<String, Any?>,
        requestAttributes: Attributes,
        startEpochNanos: Long = clock.nowEpochNanos(),
    ): TraceScope {
        var traceHigh: Long
        var traceLow: Long
        var parentSpanId = 0L
        var remote = false
        var localParent: RecordingSpan? = null
        var logicalParent: String? = null
        var inheritedCorrelation: String? = null
        var inheritedAttributes = Attributes.EMPTY
        val explicit = if (parentScopeId != null) ParentLink.parse(parentScopeId) else null
        if (parentScopeId != null && explicit == null) {
            if (isValidLogicalParentId(parentScopeId)) logicalParent = parentScopeId else misuse("invalid parentScopeId ignored")
        }
        when {
            explicit != null -> {
                traceHigh = explicit.traceIdHigh
                traceLow = explicit.traceIdLow
                parentSpanId = explicit.spanId
                remote = true
            }
            parent is RecordingSpan -> {
                traceHigh = parent.traceIdHigh
                traceLow = parent.traceIdLow
                parentSpanId = parent.spanIdValue
                localParent = parent.takeIf { it.engine === this }
                remote = localParent == null
                inheritedCorrelation = parent.correlationId
                inheritedAttributes = parent.scopeAttributes
            }
            parent is NonRecordingScope && parent.spanIdValue != 0L -> {
                traceHigh = parent.traceIdHigh
                traceLow = parent.traceIdLow
                parentSpanId = parent.spanIdValue
                remote = parent.isRemote
                inheritedCorrelation = parent.correlationId
            }
            else -> {
                traceLow = Ids.newTraceIdPart()
                traceHigh = Ids.newTraceIdPart()
            }
        }
        val spanId = Ids.newSpanId()
        val correlation = correlationId?.let { truncateChars(it, limits.maxValueLength) } ?: inheritedCorrelation
        if (!isSampled(traceLow)) return NonRecordingScope(traceHigh, traceLow, spanId, false, false, correlation)
        val scopeAttributes = if (attributes.isEmpty()) {
            inheritedAttributes
        } else {
            AttributesBuilder(limits, inheritedAttributes.size + attributes.size).apply {
                putAll(inheritedAttributes)
                putAll(attributes)
            }.build()
        }
        // Explicit children (createLlmCall, recordSpan, begin under a thread scope) keep the request
        // attributes of the parent they were started under, as DSL children do.
        val request = if (requestAttributes === Attributes.EMPTY && localParent != null) localParent.requestAttributes else requestAttributes
        val span = RecordingSpan(
            this, traceHigh, traceLow, spanId, parentSpanId, remote, localParent,
            sanitizeName(name), kind, correlation, logicalParent, scopeAttributes, request, startEpochNanos,
        )
        return span
    }

    /** Starts an explicit LLM call under [parent] (or [parentScopeId], or as a root). */
    fun startLlmCall(
        parent: TraceScope?,
        parentScopeId: String?,
        name: String,
        provider: String?,
        model: String?,
        operation: String,
        requestAttributes: Attributes = Attributes.EMPTY,
    ): LlmScope {
        val kind = if (operation == "embeddings") ScopeKind.EMBEDDING else ScopeKind.LLM
        return startModelCall(name, kind, parent, parentScopeId, provider, model, operation, emptyMap(), requestAttributes) as LlmScope
    }

    /** Starts an LLM or embedding span and records what was asked of which model; every LLM entry point goes through here. */
    fun startModelCall(
        name: String,
        kind: ScopeKind,
        parent: TraceScope?,
        parentScopeId: String?,
        provider: String?,
        model: String?,
        operation: String,
        attributes: Map<String, Any?>,
        requestAttributes: Attributes,
        startEpochNanos: Long = clock.nowEpochNanos(),
    ): TraceScope {
        val span = startSpan(name, kind, parent, parentScopeId, null, attributes, requestAttributes, startEpochNanos)
        if (span is RecordingSpan) {
            val state = span.llm()
            state.provider = provider?.let { truncateChars(it, limits.maxValueLength) }
            state.requestModel = model?.let { truncateChars(it, limits.maxValueLength) }
            state.operation = truncateChars(operation, limits.maxValueLength)
        }
        return span
    }

    private fun sanitizeName(name: String?): String {
        if (name.isNullOrBlank()) {
            misuse("blank span name replaced")
            return "unnamed"
        }
        return truncateChars(name, limits.maxValueLength)
    }

    /** Records an LLM call timed by the caller. */
    fun recordLlmSpan(parent: TraceScope?, record: CompletedLlmCall, error: Throwable?, requestAttributes: Attributes = Attributes.EMPTY) {
        val start = toEpochNanos(record.startedAt)
        var end = toEpochNanos(record.endedAt)
        if (end < start) {
            misuse("endedAt before startedAt")
            end = start
        }
        val span = startModelCall(
            record.name, ScopeKind.LLM, parent, null, record.provider, record.model, record.operation, record.attributes, requestAttributes, start,
        )
        if (span !is RecordingSpan) return
        record.responseModel?.let { span.responseModel(it) }
        span.setUsage(record.usage)
        if (record.finishReasons.isNotEmpty()) span.finishReasons(*record.finishReasons.toTypedArray())
        record.input?.let { span.input(it) }
        record.output?.let { span.output(it) }
        if (error != null) span.recordException(error)
        span.endAt(if (error != null) SpanStatus.ERROR else null, end)
    }

    private fun toEpochNanos(i: Instant): Long = try {
        Math.addExact(Math.multiplyExact(i.epochSecond, 1_000_000_000L), i.nano.toLong())
    } catch (e: ArithmeticException) {
        clock.nowEpochNanos()
    }

    // ---- span end ----

    fun finish(span: RecordingSpan, explicitStatus: SpanStatus?, endEpochNanos: Long) {
        try {
            val data = toSpanData(span, explicitStatus, endEpochNanos)
            data.llm?.let { span.rollUp(it.usage, it.costUsd ?: 0.0) }
            for (p in pipelines) p.offer(data)
        } catch (t: Throwable) {
            if (t is VirtualMachineError) throw t
            log.error("end-failure", "Spanwise: failed to end span '{}': {}", span.name, t.toString())
        }
    }

    // ---- misuse ----

    fun afterEnd(span: RecordingSpan, what: String) {
        misuse("$what after end of span '${span.name}'")
    }

    /** Counts a call that broke the API's rules (ignored or repaired, never thrown) and logs it at DEBUG. */
    fun misuse(what: String) {
        misuse.incrementAndGet()
        log.debug("Spanwise: API misuse: {}", what)
    }

    // ---- lifecycle ----

    fun stats(): ExportCounts = lifecycle.stats()

    suspend fun flush(timeout: Duration): ExportCounts = lifecycle.flush(timeout)

    suspend fun shutdown(timeout: Duration): ExportCounts = lifecycle.shutdown(timeout)
}
