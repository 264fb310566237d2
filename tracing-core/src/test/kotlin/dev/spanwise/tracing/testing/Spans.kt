package dev.spanwise.tracing.testing

import dev.spanwise.tracing.model.Attributes
import dev.spanwise.tracing.model.ErrorInfo
import dev.spanwise.tracing.model.LlmCallData
import dev.spanwise.tracing.model.Resource
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.SpanEvent
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.model.TokenUsage
import dev.spanwise.tracing.model.internal.Ids

/** Builds [SpanData] records directly for encoder and transport tests. */
object Spans {
    val RESOURCE: Resource = Resource.of("test-service", "1.2.3", "test")
    private const val BASE = 1_763_700_000_000_000_000L

    fun span(
        name: String = "span",
        traceHigh: Long = 0x0af7651916cd43ddL,
        traceLow: Long = -0x7741f5ae1cdc5d2aL,
        spanId: Long = Ids.newSpanId(),
        parentSpanId: Long = 0L,
        kind: ScopeKind = ScopeKind.AGENT,
        status: SpanStatus = SpanStatus.OK,
        start: Long = BASE,
        end: Long = BASE + 1_500_000,
        attributes: Attributes = Attributes.EMPTY,
        events: List<SpanEvent> = emptyList(),
        error: ErrorInfo? = null,
        llm: LlmCallData? = null,
        correlationId: String? = null,
        logicalParentId: String? = null,
        resource: Resource = RESOURCE,
    ): SpanData = SpanData(
        traceHigh, traceLow, spanId, parentSpanId, false, name, kind, status, start, end,
        correlationId, logicalParentId, attributes, events, error, llm, 0, resource,
    )

    fun llm(
        input: String? = null,
        output: String? = null,
        usage: TokenUsage = TokenUsage(1200, 300, cacheReadTokens = 800, cacheWriteTokens = 100, reasoningTokens = 50),
        cost: Double? = 0.0034,
    ): LlmCallData = LlmCallData("openai", "gpt-4o", "gpt-4o-2024-08-06", "chat", usage, cost, listOf("stop"), input, output)

    fun error(message: String = "boom"): ErrorInfo = ErrorInfo(
        "java.lang.IllegalStateException",
        message,
        "java.lang.IllegalStateException: $message\n\tat x.y(Z.kt:1)",
        BASE + 1_000,
    )

    fun event(name: String, vararg attrs: Pair<String, Any?>): SpanEvent = SpanEvent(name, BASE + 500, Attributes.of(*attrs))

    /** [n] root spans with distinct ids in distinct traces. */
    fun many(n: Int, kind: ScopeKind = ScopeKind.TOOL, bytesEach: Int = 0, tracesOf: Int = 1): List<SpanData> = List(n) { i ->
        val trace = (i / tracesOf).toLong()
        span(
            name = "s$i",
            traceHigh = trace + 1,
            traceLow = trace * 31 + 7,
            spanId = i.toLong() + 1000,
            kind = if (bytesEach > 0) ScopeKind.LLM else kind,
            llm = if (bytesEach > 0) llm(input = "x".repeat(bytesEach)) else null,
        )
    }
}
