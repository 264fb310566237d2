package dev.spanwise.tracing.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spanwise.tracing.scope.CurrentThreadScope;
import dev.spanwise.tracing.model.ScopeKind;
import dev.spanwise.tracing.model.SpanStatus;
import dev.spanwise.tracing.model.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tracentic-style explicit scopes and LLM calls timed by the caller. */
class ExplicitStyleTest {

    @Test
    void beginAndCreateChildNeverTouchTheThreadsCurrentScope() {
        try (Fixture f = new Fixture()) {
            ScopeHandle rag = f.sw.begin("rag", "order-42");
            assertNull(CurrentThreadScope.get());
            ScopeHandle synthesis = rag.createChild("synthesis");
            ScopeHandle guard = rag.createChild("moderation", ScopeKind.GUARDRAIL);
            assertNull(CurrentThreadScope.get());
            guard.close();
            synthesis.close();
            rag.close();

            SpanData root = f.span("rag");
            assertEquals("order-42", root.getCorrelationId());
            assertEquals(root.getSpanId(), f.span("synthesis").getParentSpanId());
            assertEquals(ScopeKind.GUARDRAIL, f.span("moderation").getKind());
            assertEquals("order-42", f.span("synthesis").getCorrelationId());
        }
    }

    @Test
    void recordSpanMapsACallerTimedCallToAnLlmSpan() {
        try (Fixture f = new Fixture(Spanwise.builder().captureContent(true)
                .modelPricing("gpt-4o", ModelPricing.perMillionTokens(2.50, 10.00)))) {
            Instant started = Instant.parse("2026-01-01T10:00:00Z");
            try (ScopeHandle scope = f.sw.begin("agent")) {
                f.sw.recordSpan(scope, LlmSpanRecord.builder()
                    .name("answer").provider("openai").model("gpt-4o").responseModel("gpt-4o-2024-08-06")
                    .startedAt(started).duration(Duration.ofMillis(1500))
                    .inputTokens(2000).outputTokens(500).cacheReadTokens(0).cacheWriteTokens(0).reasoningTokens(100)
                    .finishReasons("stop", "length").input("q").output("a")
                    .attribute("attempt", 2)
                    .build());
            }
            SpanData span = f.span("answer");
            assertEquals(f.span("agent").getSpanId(), span.getParentSpanId());
            assertEquals(1_500_000_000L, span.getDurationNanos());
            assertEquals(started.getEpochSecond() * 1_000_000_000L, span.getStartEpochNanos());
            assertEquals("gpt-4o-2024-08-06", span.getLlm().getResponseModel());
            assertEquals(100, span.getLlm().getUsage().getReasoningTokens());
            assertEquals(List.of("stop", "length"), span.getLlm().getFinishReasons());
            assertEquals(2L, span.getAttributes().get("attempt"));
            assertEquals((2000 * 2.50 + 500 * 10.00) / 1e6, span.getLlm().getCostUsd(), 1e-12);
        }
    }

    @Test
    void recordErrorMarksTheCallFailedWithTheExceptionDetails() {
        try (Fixture f = new Fixture()) {
            try (ScopeHandle scope = f.sw.begin("agent")) {
                f.sw.recordError(scope, LlmSpanRecord.builder().name("answer").model("gpt-4o").build(),
                    new IllegalStateException("rate limited"));
                f.sw.recordError(scope, null, new RuntimeException("no span"));
            }
            SpanData failed = f.span("answer");
            assertEquals(SpanStatus.ERROR, failed.getStatus());
            assertEquals("rate limited", failed.getError().getMessage());
            assertEquals(1, f.exported().stream().filter(s -> s.getStatus() == SpanStatus.ERROR
                && "no span".equals(s.getError().getMessage())).count());
        }
    }

    @Test
    void recordSpanWithoutScopeUsesTheCurrentScopeOrMakesARoot() {
        try (Fixture f = new Fixture()) {
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                f.sw.recordSpan(LlmSpanRecord.builder().name("under-current").build());
            }
            f.sw.recordSpan(null, LlmSpanRecord.builder().name("root").build());
            assertEquals(f.span("agent").getSpanId(), f.span("under-current").getParentSpanId());
            assertEquals(0L, f.span("root").getParentSpanId());
        }
    }

    @Test
    void explicitLlmCallIsAnAutoCloseableWithAdditiveUsage() {
        try (Fixture f = new Fixture()) {
            try (ScopeHandle agent = f.sw.begin("agent");
                 LlmCallHandle call = agent.createLlmCall("stream", "anthropic", "claude-sonnet-4")) {
                call.usage(100, 10);
                call.usage(0, 15).cacheWriteTokens(40).event("first-token", null);
                assertTrue(call.isRecording());
            }
            SpanData span = f.span("stream");
            assertEquals(100, span.getLlm().getUsage().getInputTokens());
            assertEquals(25, span.getLlm().getUsage().getOutputTokens());
            assertEquals(40, span.getLlm().getUsage().getCacheWriteTokens());
            assertEquals("anthropic", span.getLlm().getProvider());
            assertEquals("first-token", span.getEvents().get(0).getName());
        }
    }

    @Test
    void embeddingOperationMakesAnEmbeddingSpan() {
        try (Fixture f = new Fixture()) {
            f.sw.llm("embed").provider("openai").model("text-embedding-3-small").operation("embeddings").start()
                .usage(64, 0).close();
            assertEquals(ScopeKind.EMBEDDING, f.span("embed").getKind());
            assertEquals("embeddings", f.span("embed").getLlm().getOperation());
        }
    }
}
