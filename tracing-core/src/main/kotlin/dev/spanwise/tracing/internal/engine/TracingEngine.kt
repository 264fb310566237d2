package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.config.TracingConfig
import dev.spanwise.tracing.export.ExportCounts
import dev.spanwise.tracing.exporters.CompositeExporter
import dev.spanwise.tracing.internal.pipeline.BatchingPipeline
import dev.spanwise.tracing.internal.pipeline.SpanOutcomes
import dev.spanwise.tracing.internal.util.Clock
import dev.spanwise.tracing.internal.util.Ids
import dev.spanwise.tracing.internal.util.ThrottledLogger
import dev.spanwise.tracing.model.AttributeLimits
import dev.spanwise.tracing.model.Attributes
import dev.spanwise.tracing.model.AttributesBuilder
import dev.spanwise.tracing.model.ContentMask
import dev.spanwise.tracing.model.ErrorInfo
import dev.spanwise.tracing.model.LlmCallData
import dev.spanwise.tracing.model.Resource
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.model.truncateChars
import dev.spanwise.tracing.model.truncateUtf8
import dev.spanwise.tracing.pricing.CostCalculator
import dev.spanwise.tracing.propagation.ParentLink
import dev.spanwise.tracing.propagation.isValidLogicalParentId
import dev.spanwise.tracing.scope.CompletedLlmCall
import dev.spanwise.tracing.scope.GlobalAttributes
import dev.spanwise.tracing.scope.LlmScope
import dev.spanwise.tracing.scope.TraceScope
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancel
import kotlinx.coroutines.coroutineScope
import java.time.Instant
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicLong
import kotlin.time.Duration

/** Everything behind an enabled `Tracing`: span creation, span end, and the export pipelines. */
internal class TracingEngine(config: TracingConfig, val clock: Clock = Clock.SYSTEM) {
    val limits: AttributeLimits = config.limits
    val resource = Resource(
        config.serviceName,
        config.serviceVersion,
        config.environment,
        AttributesBuilder(config.limits).apply { putAll(config.resourceAttributes) }.build(),
    )
    private val globalAttributes = AttributesBuilder(config.limits).apply { putAll(config.globalAttributes) }.build()
    private val sampleThreshold: Long = sampleThreshold(config.sampleRate)
    private val captureContentEnabled = config.captureContent
    private val mask: ContentMask? = config.contentMask
    val costs = CostCalculator(config.pricing.prices)
    private val unpricedWarned = ConcurrentHashMap.newKeySet<String>()
    val log = ThrottledLogger("dev.spanwise.tracing")
    private val misuse = AtomicLong()
    val threadLocalBridge: Boolean = config.threadLocalBridge

    private val inHook = ThreadLocal<Boolean>()
    private val shutdownStarted = java.util.concurrent.atomic.AtomicBoolean()
    private val doubleShutdownLogged = java.util.concurrent.atomic.AtomicBoolean()

    private val job = SupervisorJob()
    val scope = CoroutineScope(job + Dispatchers.Default + CoroutineName("spanwise-export"))
    private val outcomes = exportersOf(config).size.let { if (it > 1) SpanOutcomes(it) else null }
    val pipelines: List<BatchingPipeline> = exportersOf(config).mapIndexed { i, exporter ->
        BatchingPipeline(exporter, config.batching.copy(), scope, clock, log, outcomes = outcomes, countsRecorded = i == 0)
    }

    private val exitHook: ExitHook? = if (config.registerShutdownHook) ExitHook.install(config.shutdownTimeout) { shutdown(it) } else null

    init {
        if (pipelines.isEmpty()) {
            log.info("no-exporter", "Spanwise: no exporter configured for service '{}'; spans are not exported", resource.serviceName)
        }
        pipelines.forEach { it.start() }
    }

    // ---- span creation ----

    fun isSampled(traceIdLow: Long): Boolean = sampleThreshold == Long.MAX_VALUE || (traceIdLow ushr 1) < sampleThreshold

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
            span.provider = provider?.let { truncateChars(it, limits.maxValueLength) }
            span.requestModel = model?.let { truncateChars(it, limits.maxValueLength) }
            span.operation = truncateChars(operation, limits.maxValueLength)
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

    private fun toSpanData(span: RecordingSpan, explicitStatus: SpanStatus?, endEpochNanos: Long): SpanData {
        val own = span.ownAttributes()
        val global = GlobalAttributes.snapshot
        val inherited = globalAttributes.size + global.size + span.requestAttributes.size + span.scopeAttributes.size
        val attributes: Attributes
        val dropped: Int
        if (inherited == 0) {
            // Only the span's own attributes: hand its arrays over. The span has ended, so its
            // builder is never written again (RecordingSpan.attribute re-checks under the lock).
            attributes = if (own == null) Attributes.EMPTY else synchronized(span) { own.buildShared() }
            dropped = own?.dropped ?: 0
        } else {
            val merged = AttributesBuilder(limits, inherited + (own?.size ?: 0))
            merged.putAll(globalAttributes)
            merged.putAll(global)
            merged.putAll(span.requestAttributes)
            merged.putAll(span.scopeAttributes)
            if (own != null) synchronized(span) { merged.putAll(own) }
            attributes = merged.buildShared()
            dropped = merged.dropped + (own?.dropped ?: 0)
        }
        val error = span.error
        val status = explicitStatus ?: if (error != null) SpanStatus.ERROR else SpanStatus.OK
        return SpanData(
            span.traceIdHigh, span.traceIdLow, span.spanIdValue, span.parentSpanId, span.parentIsRemote,
            span.name, span.kind, status, span.startEpochNanos, maxOf(endEpochNanos, span.startEpochNanos),
            span.correlationId, span.logicalParentId, attributes, span.eventsSnapshot(),
            error, llmCall(span), dropped, resource,
        )
    }

    private fun llmCall(span: RecordingSpan): LlmCallData? {
        if (span.kind != ScopeKind.LLM && span.kind != ScopeKind.EMBEDDING) return null
        val usage = span.usageValue
        val model = span.responseModelValue ?: span.requestModel
        var cost: Double? = null
        if (model != null) {
            cost = costs.cost(model, usage)
            if (cost == null && span.requestModel != null && span.requestModel != model) cost = costs.cost(span.requestModel!!, usage)
            if (cost == null && !usage.isEmpty && unpricedWarned.add(model)) {
                log.delegate.warn("Spanwise: no price configured for model '{}'; its calls carry no cost", model)
            }
        }
        return LlmCallData(
            span.provider, span.requestModel, span.responseModelValue, span.operation, usage, cost,
            span.finishReasonsValue, span.inputContent, span.outputContent,
        )
    }

    fun errorInfo(error: Throwable): ErrorInfo {
        val message = try {
            error.message?.let { maskText(it) ?: "<masked>" }
        } catch (e: Exception) {
            null
        }
        val trace = try {
            truncateChars(error.stackTraceToString(), MAX_STACK_TRACE)
        } catch (e: Exception) {
            error.javaClass.name
        }
        return ErrorInfo(error.javaClass.name, message?.let { truncateChars(it, limits.maxValueLength) }, trace, clock.nowEpochNanos())
    }

    /** Content for `input`/`output`: `null` when capture is off or in a recursive hook call. */
    fun captureContent(content: String): String? {
        if (!captureContentEnabled) return null
        val masked = maskText(content) ?: return null
        return truncateUtf8(masked, limits.maxContentBytes)
    }

    /** Runs the mask; `null` when called recursively from inside the mask itself. */
    private fun maskText(content: String): String? {
        val m = mask ?: return content
        if (inHook.get() == true) return null
        inHook.set(true)
        return try {
            m.mask(content)
        } catch (t: Throwable) {
            if (t is VirtualMachineError) throw t
            log.warn("mask-failed", "Spanwise: content mask threw {}; content replaced", t.javaClass.name)
            MASK_FAILED
        } finally {
            inHook.remove()
        }
    }

    fun afterEnd(span: RecordingSpan, what: String) {
        misuse("$what after end of span '${span.name}'")
    }

    private fun misuse(what: String) {
        misuse.incrementAndGet()
        log.debug("Spanwise: API misuse: {}", what)
    }

    // ---- lifecycle ----

    fun stats(): ExportCounts = combine(pipelines.map { it.snapshot() })

    suspend fun flush(timeout: Duration): ExportCounts = guarded { coroutineScope { pipelines.map { async { it.flush(timeout) } }.awaitAll() } }

    suspend fun shutdown(timeout: Duration): ExportCounts {
        if (!shutdownStarted.compareAndSet(false, true)) {
            if (doubleShutdownLogged.compareAndSet(false, true)) {
                log.delegate.info("Spanwise: shutdown called multiple times; ignoring the extra calls")
            }
            return stats()
        }
        exitHook?.remove()
        val result = guarded { coroutineScope { pipelines.map { async { it.shutdown(timeout) } }.awaitAll() } }
        scope.cancel()
        return result
    }

    /** Runs a lifecycle call; anything but the caller's own cancellation becomes a logged snapshot. */
    private suspend fun guarded(block: suspend () -> List<ExportCounts>): ExportCounts {
        if (pipelines.isEmpty()) return ExportCounts.EMPTY
        return try {
            combine(block())
        } catch (e: CancellationException) {
            throw e
        } catch (t: Throwable) {
            if (t is VirtualMachineError) throw t
            log.error("lifecycle-failure", "Spanwise: flush/shutdown failed: {}", t.toString())
            stats()
        }
    }

    private fun combine(results: List<ExportCounts>): ExportCounts = outcomes?.combine(results) ?: results[0]

    companion object {
        const val MASK_FAILED = "<masked: hook failed>"
        private const val MAX_STACK_TRACE = 16 * 1024

        fun sampleThreshold(rate: Double): Long = when {
            rate >= 1.0 -> Long.MAX_VALUE
            rate <= 0.0 -> 0L
            else -> (rate * Long.MAX_VALUE.toDouble()).toLong()
        }

        private fun exportersOf(config: TracingConfig) = when (val e = config.exporter) {
            null -> emptyList()
            is CompositeExporter -> e.exporters
            else -> listOf(e)
        }
    }
}
