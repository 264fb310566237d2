package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.model.Attributes
import dev.spanwise.tracing.model.AttributesBuilder
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.SpanLevel
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.scope.GlobalAttributes

/**
 * Turns an ended span into its immutable [SpanData]: attributes merged global < request < scope <
 * span with the limits applied, the status and level, input/output, the trace's identity as it
 * stands now, and the LLM call with its cost.
 */
internal fun TracingEngine.toSpanData(span: RecordingSpan, explicitStatus: SpanStatus?, endEpochNanos: Long): SpanData {
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
    val extras = span.extras
    val warning = extras?.warning
    val level = when {
        status == SpanStatus.ERROR -> SpanLevel.ERROR
        warning != null -> SpanLevel.WARNING
        else -> SpanLevel.DEFAULT
    }
    val levelMessage = if (level == SpanLevel.ERROR) error?.message ?: warning else warning
    return SpanData(
        span.traceIdHigh, span.traceIdLow, span.spanIdValue, span.parentSpanId, span.parentIsRemote,
        span.name, span.kind, status, span.startEpochNanos, maxOf(endEpochNanos, span.startEpochNanos),
        span.correlationId, span.logicalParentId, attributes, span.eventsSnapshot(),
        error, pricing.llmCall(span), dropped, resource,
        extras?.input, extras?.output, level, levelMessage, span.traceIdentity,
        extras?.toolCallId, extras?.toolCallLink?.let { listOf(it) } ?: emptyList(),
    )
}
