package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.model.AgentArtifact
import dev.spanwise.tracing.model.Attributes
import dev.spanwise.tracing.model.AttributesBuilder
import dev.spanwise.tracing.model.ChatMessage
import dev.spanwise.tracing.model.ErrorInfo
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.SpanEvent
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.model.TokenUsage
import dev.spanwise.tracing.model.TraceIdentity
import dev.spanwise.tracing.model.UsageTotals
import dev.spanwise.tracing.model.internal.Ids
import dev.spanwise.tracing.propagation.TraceBaggage
import dev.spanwise.tracing.scope.LlmScope
import dev.spanwise.tracing.scope.TraceScope
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater

/**
 * A live span. It is its own DSL receiver (no wrapper objects) and becomes an immutable
 * [dev.spanwise.tracing.model.SpanData] when it ends. Mutations synchronise on the span.
 */
internal class RecordingSpan(
    val engine: TracingEngine,
    val traceIdHigh: Long,
    val traceIdLow: Long,
    val spanIdValue: Long,
    val parentSpanId: Long,
    val parentIsRemote: Boolean,
    /** The in-process parent, for cost and token roll-up. */
    val parent: RecordingSpan?,
    name: String,
    override val kind: ScopeKind,
    override val correlationId: String?,
    val logicalParentId: String?,
    /** Attributes given when the scope started, merged over the parent's; inherited by children. */
    val scopeAttributes: Attributes,
    /** Per-request attributes from the coroutine context. */
    val requestAttributes: Attributes,
    val startEpochNanos: Long,
) : LlmScope {
    @Volatile
    private var endedFlag = 0

    @Volatile
    override var name: String = name
        private set
    private var own: AttributesBuilder? = null
    private var events: ArrayList<SpanEvent>? = null
    var error: ErrorInfo? = null
        private set
    private var droppedEvents = 0

    // LLM state lives in a holder created only for LLM and EMBEDDING spans (it also holds their
    // roll-up), and other spans get a roll-up holder at their first roll-up: a plain span stays small.
    // Input, output and a warning live in [extras], the trace's identity in the local root's holder:
    // both are created at their first use.
    @Volatile
    var llmState: LlmSpanState? = null
        private set
    private var totalsState: SpanTotals? = null

    @Volatile
    var extras: SpanExtras? = null
        private set

    fun llm(): LlmSpanState = llmState ?: synchronized(this) { llmState ?: LlmSpanState().also { llmState = it } }

    fun extras(): SpanExtras = extras ?: synchronized(this) { extras ?: SpanExtras().also { extras = it } }

    /** The span without an in-process parent that this span descends from (itself for a local root). */
    private fun localRoot(): RecordingSpan = parent?.localRoot() ?: this

    /** The local trace's identity holder, created on its local root at first use. */
    fun identity(): TraceIdentityHolder = localRoot().let { r ->
        r.extras?.identityHolder ?: synchronized(r) {
            val extras = r.extras()
            extras.identityHolder ?: TraceIdentityHolder(engine).also { extras.identityHolder = it }
        }
    }

    /** The local trace's identity as it stands, or `null` when none was set. */
    override val traceIdentity: TraceIdentity? get() = localRoot().extras?.identityHolder?.snapshot?.takeUnless { it.isEmpty }

    override val id: String get() = Ids.scopeId(traceIdHigh, traceIdLow, spanIdValue)
    override val traceId: String get() = Ids.traceIdHex(traceIdHigh, traceIdLow)
    override val spanId: String get() = Ids.spanIdHex(spanIdValue)
    override val parentScopeId: String?
        get() = if (parentSpanId == 0L) null else Ids.scopeId(traceIdHigh, traceIdLow, parentSpanId)
    override val isRecording: Boolean get() = true
    override val isEnded: Boolean get() = endedFlag != 0

    override fun updateName(name: String) {
        if (isEnded) return engine.afterEnd(this, "updateName")
        if (name.isBlank()) return
        this.name = TextBounds.value(name, engine.limits, engine.log, "span name")
    }

    override fun attribute(key: String, value: Any?) {
        if (isEnded) return engine.afterEnd(this, "attribute")
        synchronized(this) {
            // Re-checked under the lock: at end the builder's arrays are handed to the SpanData unchanged.
            if (isEnded) return engine.afterEnd(this, "attribute")
            val builder = own ?: AttributesBuilder(engine.limits, 8).also { own = it }
            builder.put(key, value)
        }
    }

    override fun attribute(key: String, value: Long): Unit = attribute(key, value as Any?)

    override fun attribute(key: String, value: Int): Unit = attribute(key, value as Any?)

    override fun attribute(key: String, value: Double): Unit = attribute(key, value as Any?)

    override fun event(name: String) = event(name, emptyMap())

    override fun event(name: String, attributes: Map<String, Any?>) {
        if (isEnded) return engine.afterEnd(this, "event")
        val now = engine.clock.nowEpochNanos()
        val eventName = TextBounds.value(name, engine.limits, engine.log, "event name")
        val attrs = if (attributes.isEmpty()) {
            Attributes.EMPTY
        } else {
            AttributesBuilder(engine.limits, attributes.size).apply { putAll(attributes) }.build()
        }
        addEvent(SpanEvent(eventName, now, attrs))
    }

    /** Adds an already bounded [event], within the per-span event limit. */
    fun addEvent(event: SpanEvent) = synchronized(this) {
        val list = events ?: ArrayList<SpanEvent>(4).also { events = it }
        if (list.size >= engine.limits.maxEvents) droppedEvents++ else list.add(event)
    }

    override fun recordException(error: Throwable) {
        if (isEnded) return engine.afterEnd(this, "recordException")
        val info = TextBounds.error(engine.content.errorInfo(error), engine.limits, engine.log)
        synchronized(this) { this.error = info }
    }

    override fun createChild(name: String, attributes: Map<String, Any?>, kind: ScopeKind): TraceScope =
        engine.startSpan(name, kind, this, null, null, attributes, requestAttributes)

    override fun createLlmCall(name: String, provider: String?, model: String?, operation: String): LlmScope =
        engine.startLlmCall(this, null, name, provider, model, operation)

    override fun score(name: String, value: Double, comment: String?) = engine.score(this, ScoreInput.numeric(name, value, comment))

    override fun score(name: String, value: Boolean, comment: String?) = engine.score(this, ScoreInput.boolean(name, value, comment))

    override fun score(name: String, label: String, comment: String?) = engine.score(this, ScoreInput.categorical(name, label, comment))

    override fun totals(): UsageTotals = synchronized(this) {
        totalsState?.let { UsageTotals(it.totalUsage, it.totalCost, it.totalCalls) } ?: UsageTotals.EMPTY
    }

    override fun traceparent(): String = "00-$traceId-$spanId-01"

    override fun baggage(): String? = TraceBaggage.encode(traceIdentity, engine.propagateUserId)

    override fun end() = endAt(null, engine.clock.nowEpochNanos())

    override fun end(status: SpanStatus) = endAt(status, engine.clock.nowEpochNanos())

    fun endAt(status: SpanStatus?, endEpochNanos: Long) {
        if (!ENDED.compareAndSet(this, 0, 1)) return engine.afterEnd(this, "end")
        engine.finish(this, status, endEpochNanos)
    }

    override fun usage(inputTokens: Long, outputTokens: Long, cacheReadTokens: Long, cacheWriteTokens: Long, reasoningTokens: Long) {
        if (isEnded) return engine.afterEnd(this, "usage")
        val add = TokenUsage(
            inputTokens.coerceAtLeast(0),
            outputTokens.coerceAtLeast(0),
            cacheReadTokens.coerceAtLeast(0),
            cacheWriteTokens.coerceAtLeast(0),
            reasoningTokens.coerceAtLeast(0),
        )
        synchronized(this) { llm().usage += add }
    }

    fun setUsage(usage: TokenUsage) {
        synchronized(this) { llm().usage = TokenUsage.NONE }
        usage(usage.inputTokens, usage.outputTokens, usage.cacheReadTokens, usage.cacheWriteTokens, usage.reasoningTokens)
    }

    override fun responseModel(model: String) {
        if (isEnded) return engine.afterEnd(this, "responseModel")
        llm().responseModel = TextBounds.value(model, engine.limits, engine.log, "response model")
    }

    override fun finishReasons(vararg reasons: String) {
        if (isEnded) return engine.afterEnd(this, "finishReasons")
        llm().finishReasons = TextBounds.values(reasons, engine.limits, engine.log, "finish reason")
    }

    override fun input(content: String) = if (isEnded) engine.afterEnd(this, "input") else recordInput(content)

    override fun output(content: String) = if (isEnded) engine.afterEnd(this, "output") else recordOutput(content)

    override fun warning(message: String) = if (isEnded) engine.afterEnd(this, "warning") else recordWarning(message)

    override fun artifact(artifact: AgentArtifact) = if (isEnded) engine.afterEnd(this, "artifact") else recordArtifact(artifact)

    override fun session(id: String) = if (isEnded) engine.afterEnd(this, "session") else identity().session(id)

    override fun user(id: String) = if (isEnded) engine.afterEnd(this, "user") else identity().user(id)

    override fun tags(vararg tags: String) = if (isEnded) engine.afterEnd(this, "tags") else identity().tags(tags)

    override fun metadata(key: String, value: Any?) = if (isEnded) engine.afterEnd(this, "metadata") else identity().metadata(key, value)

    override fun request(
        temperature: Double?,
        topP: Double?,
        topK: Long?,
        maxTokens: Long?,
        seed: Long?,
        stopSequences: List<String>?,
        frequencyPenalty: Double?,
        presencePenalty: Double?,
        stream: Boolean?,
        choiceCount: Long?,
    ) = recordRequest(temperature, topP, topK, maxTokens, seed, stopSequences, frequencyPenalty, presencePenalty, stream, choiceCount)

    override fun responseId(id: String) = if (isEnded) engine.afterEnd(this, "responseId") else recordResponseId(id)

    override fun prompt(name: String, version: String?, variables: Map<String, Any?>) =
        if (isEnded) engine.afterEnd(this, "prompt") else recordPrompt(name, version, variables)

    override fun toolCall(id: String, name: String, arguments: String?) =
        if (isEnded) engine.afterEnd(this, "toolCall") else recordToolCall(id, name, arguments)

    override fun inputMessages(messages: List<ChatMessage>) =
        if (isEnded) engine.afterEnd(this, "inputMessages") else recordMessages(messages, output = false)

    override fun outputMessages(messages: List<ChatMessage>) =
        if (isEnded) engine.afterEnd(this, "outputMessages") else recordMessages(messages, output = true)

    override fun systemInstructions(text: String) =
        if (isEnded) engine.afterEnd(this, "systemInstructions") else recordSystemInstructions(text)

    override fun toolCallId(id: String) = if (isEnded) engine.afterEnd(this, "toolCallId") else recordToolCallId(id)

    /** Snapshot of the span's own state, taken once at end. */
    fun ownAttributes(): AttributesBuilder? = synchronized(this) { own }

    fun eventsSnapshot(): List<SpanEvent> = synchronized(this) { events?.toList() ?: emptyList() }

    fun droppedEventCount(): Int = synchronized(this) { droppedEvents }

    /** Adds an ended LLM call's usage and cost to this span and every in-process ancestor. */
    fun rollUp(usage: TokenUsage, cost: Double) {
        var node: RecordingSpan? = this
        while (node != null) {
            synchronized(node) {
                val totals = node.totalsState ?: (node.llmState ?: SpanTotals()).also { node.totalsState = it }
                totals.totalUsage += usage
                totals.totalCost += cost
                totals.totalCalls++
            }
            node = node.parent
        }
    }

    override fun toString(): String = "TraceScope(name=$name, kind=$kind, id=$id)"

    private companion object {
        val ENDED: AtomicIntegerFieldUpdater<RecordingSpan> =
            AtomicIntegerFieldUpdater.newUpdater(RecordingSpan::class.java, "endedFlag")
    }
}
