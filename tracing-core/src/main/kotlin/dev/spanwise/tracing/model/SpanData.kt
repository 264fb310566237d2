package dev.spanwise.tracing.model

import dev.spanwise.tracing.model.internal.Ids

/**
 * The immutable record of one ended scope or span, as handed to a `SpanExporter`.
 *
 * Ids are kept as numbers; [traceIdHex], [spanIdHex] and [scopeId] render them on demand.
 * Attribute names of a wire format live only in the encoders: this record is typed.
 */
public class SpanData private constructor(
    /** High 64 bits of the 128-bit trace id. */
    public val traceIdHigh: Long,
    /** Low 64 bits of the 128-bit trace id. */
    public val traceIdLow: Long,
    /** This span's 64-bit id (never 0). */
    public val spanId: Long,
    /** The parent span's id, or 0 for a root. */
    public val parentSpanId: Long,
    /** Whether the parent lives in another process (linked through a header). */
    public val parentIsRemote: Boolean,
    /** The span name. */
    public val name: String,
    /** What the span stands for. */
    public val kind: ScopeKind,
    /** How it ended. */
    public val status: SpanStatus,
    /** Start, in nanoseconds since the Unix epoch. */
    public val startEpochNanos: Long,
    /** End, in nanoseconds since the Unix epoch (never before [startEpochNanos]). */
    public val endEpochNanos: Long,
    /** The correlation id shared by the scopes of one logical operation, if any. */
    public val correlationId: String?,
    /** Attributes after merging (global < request < scope < span) and limits. */
    public val attributes: Attributes,
    /** Timestamped events, in the order they were added. */
    public val events: List<SpanEvent>,
    /** The error that ended the span, when [status] is [SpanStatus.ERROR] and one was recorded. */
    public val error: ErrorInfo?,
    /** LLM details, for [ScopeKind.LLM] and [ScopeKind.EMBEDDING] spans. */
    public val llm: LlmCallData?,
    /** Attributes dropped by the count limit. */
    public val droppedAttributes: Int,
    /** The service that produced the span. */
    public val resource: Resource,
    // What few spans have lives in one holder (null when none is set), so an ordinary span stays small.
    private val extras: SpanDataExtras?,
) {
    internal constructor(
        traceIdHigh: Long,
        traceIdLow: Long,
        spanId: Long,
        parentSpanId: Long,
        parentIsRemote: Boolean,
        name: String,
        kind: ScopeKind,
        status: SpanStatus,
        startEpochNanos: Long,
        endEpochNanos: Long,
        correlationId: String?,
        logicalParentId: String?,
        attributes: Attributes,
        events: List<SpanEvent>,
        error: ErrorInfo?,
        llm: LlmCallData?,
        droppedAttributes: Int,
        resource: Resource,
        input: String? = null,
        output: String? = null,
        level: SpanLevel = SpanLevel.DEFAULT,
        levelMessage: String? = null,
        identity: TraceIdentity? = null,
        toolCallId: String? = null,
        links: List<SpanLink> = emptyList(),
    ) : this(
        traceIdHigh, traceIdLow, spanId, parentSpanId, parentIsRemote, name, kind, status, startEpochNanos, endEpochNanos,
        correlationId, attributes, events, error, llm, droppedAttributes, resource,
        SpanDataExtras.of(logicalParentId, input, output, level, levelMessage, identity, toolCallId, links),
    )

    /** A parent link that is not a span of this trace (for example an `x-tracentic-scope-id` value). */
    public val logicalParentId: String? get() = extras?.logicalParentId

    /** Input of the work (any kind of span), only when content capture is on (already masked and bounded). */
    public val input: String? get() = extras?.input

    /** Output of the work (any kind of span), only when content capture is on (already masked and bounded). */
    public val output: String? get() = extras?.output

    /** [SpanLevel.ERROR] for an ERROR span, [SpanLevel.WARNING] after `warning(message)`, else [SpanLevel.DEFAULT]. */
    public val level: SpanLevel get() = extras?.level ?: SpanLevel.DEFAULT

    /** The warning's message (or, for an ERROR span, the error's message), masked and bounded. */
    public val levelMessage: String? get() = extras?.levelMessage

    /**
     * The trace's session, user, tags and metadata as they stood when this span ended (`null` when
     * none was set by then): a span that ended before a value was set does not carry it.
     */
    public val identity: TraceIdentity? get() = extras?.identity

    /** For a TOOL span, the provider's id of the tool call it executes (see [ToolCallRequest]), else `null`. */
    public val toolCallId: String? get() = extras?.toolCallId

    /** Links to other spans, e.g. from a TOOL span to the LLM span that asked for the call. */
    public val links: List<SpanLink> get() = extras?.links ?: emptyList()

    /** The trace id as 32 lower-case hex chars. */
    public val traceIdHex: String get() = Ids.traceIdHex(traceIdHigh, traceIdLow)

    /** The span id as 16 lower-case hex chars. */
    public val spanIdHex: String get() = Ids.spanIdHex(spanId)

    /** The parent span id as 16 lower-case hex chars, or `null` for a root. */
    public val parentSpanIdHex: String? get() = if (parentSpanId == 0L) null else Ids.spanIdHex(parentSpanId)

    /** This span's scope id, the value that links a child across services (see `TraceScope.id`). */
    public val scopeId: String get() = Ids.scopeId(traceIdHigh, traceIdLow, spanId)

    /** The parent's scope id, or `null` for a root. */
    public val parentScopeId: String?
        get() = if (parentSpanId == 0L) null else Ids.scopeId(traceIdHigh, traceIdLow, parentSpanId)

    /** Duration in nanoseconds. */
    public val durationNanos: Long get() = endEpochNanos - startEpochNanos

    /** Whether this span has no parent in this process. */
    public val isLocalRoot: Boolean get() = parentSpanId == 0L || parentIsRemote

    /** A rough size in bytes, used to bound the export queue's memory. */
    internal val estimatedBytes: Int = estimateBytes()

    /**
     * With several destinations: how many have resolved this span (low 16 bits) and the first drop
     * reason among them (ordinal + 1, high bits; 0 = none). Guarded by the span's monitor.
     */
    internal var outcomeState: Int = 0

    private fun estimateBytes(): Int {
        var bytes = 160 + name.length * 2
        for (i in 0 until attributes.size) {
            bytes += 32 + attributes.keyAt(i).length * 2
            val v = attributes.valueAt(i)
            bytes += if (v is String) {
                v.length * 2
            } else if (v is List<*>) {
                16 * v.size
            } else {
                16
            }
        }
        for (e in events) bytes += 64 + e.name.length * 2 + e.attributes.size * 48
        if (error != null) bytes += 64 + (error.message?.length ?: 0) * 2 + error.stackTrace.length * 2
        if (llm != null) bytes += 128
        // An LLM span's content is usually the same string as its input/output: count it once.
        val llmContent = (llm?.input?.takeIf { it !== input }?.length ?: 0) + (llm?.output?.takeIf { it !== output }?.length ?: 0)
        bytes += (llmContent + (input?.length ?: 0) + (output?.length ?: 0) + (levelMessage?.length ?: 0)) * 2
        identity?.let { bytes += 64 + it.tags.size * 32 + it.metadata.size * 64 }
        if (llm != null) {
            for (t in llm.toolCalls) bytes += 48 + (t.id.length + t.name.length + (t.arguments?.length ?: 0)) * 2
            for (m in llm.inputMessages) bytes += messageBytes(m)
            for (m in llm.outputMessages) bytes += messageBytes(m)
            bytes += (llm.systemInstructions?.length ?: 0) * 2
        }
        toolCallId?.let { bytes += 40 + it.length * 2 }
        bytes += links.size * 48
        return bytes
    }

    private fun messageBytes(m: ChatMessage): Int =
        64 + ((m.content?.length ?: 0) + m.toolCalls.sumOf { it.id.length + it.name.length + (it.arguments?.length ?: 0) }) * 2

    override fun toString(): String =
        "SpanData(name=$name, kind=$kind, status=$status, traceId=$traceIdHex, spanId=$spanIdHex, " +
            "parentSpanId=$parentSpanIdHex, durationNanos=$durationNanos, attributes=$attributes, llm=$llm)"
}
