package dev.spanwise.tracing.interop;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spanwise.tracing.scope.CurrentThreadScope;
import dev.spanwise.tracing.model.ScopeKind;
import dev.spanwise.tracing.model.SpanStatus;
import dev.spanwise.tracing.model.UsageTotals;
import dev.spanwise.tracing.model.SpanData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scopes in try-with-resources: the thread's current scope, children, events, errors, totals. */
class ScopeHandleTest {

    @Test
    void startedScopeIsCurrentUntilClosedThenThePreviousOneIsBack() {
        try (Fixture f = new Fixture()) {
            assertNull(CurrentThreadScope.get());
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                assertSame(agent.asTraceScope(), CurrentThreadScope.get());
                try (ScopeHandle step = f.sw.scope("step").start()) {
                    assertSame(step.asTraceScope(), CurrentThreadScope.get());
                }
                assertSame(agent.asTraceScope(), CurrentThreadScope.get());
            }
            assertNull(CurrentThreadScope.get());
        }
    }

    @Test
    void closeIsIdempotentAndDeclaresNoCheckedException() {
        try (Fixture f = new Fixture()) {
            ScopeHandle outer = f.sw.scope("outer").start();
            ScopeHandle inner = f.sw.scope("inner").start();
            inner.close();
            inner.close(); // second close must not restore anything again
            assertSame(outer.asTraceScope(), CurrentThreadScope.get());
            outer.close();
            assertNull(CurrentThreadScope.get());
            assertEquals(2, f.exported().size(), "each scope exported once");
        }
    }

    @Test
    void scopesStartedWhileAnotherIsCurrentBecomeItsChildren() {
        try (Fixture f = new Fixture()) {
            try (ScopeHandle agent = f.sw.scope("agent").correlationId("order-42").start()) {
                try (ScopeHandle plan = f.sw.scope("plan").start()) {
                    f.sw.llm("think").provider("openai").model("gpt-4o").start().close();
                }
                try (ScopeHandle search = agent.retrieval("kb-search").start()) {
                    search.attribute("hits", 3);
                }
                agent.tool("weather").start().close();
            }
            SpanData agent = f.span("agent");
            SpanData plan = f.span("plan");
            assertEquals(ScopeKind.AGENT, agent.getKind());
            assertEquals(ScopeKind.CHAIN, plan.getKind());
            assertEquals(agent.getSpanId(), plan.getParentSpanId());
            assertEquals(plan.getSpanId(), f.span("think").getParentSpanId());
            assertEquals(ScopeKind.LLM, f.span("think").getKind());
            assertEquals(ScopeKind.RETRIEVAL, f.span("kb-search").getKind());
            assertEquals(3L, f.span("kb-search").getAttributes().get("hits"));
            assertEquals(ScopeKind.TOOL, f.span("weather").getKind());
            for (SpanData s : f.exported()) {
                assertEquals(agent.getTraceIdHex(), s.getTraceIdHex(), s.getName() + " in the same trace");
                assertEquals("order-42", s.getCorrelationId(), s.getName() + " inherits the correlation id");
            }
        }
    }

    @Test
    void attributesEventsAndErrorsAreRecorded() {
        try (Fixture f = new Fixture()) {
            try (ScopeHandle s = f.sw.scope("agent").attribute("user.id", "u-7").attributes(Map.of("tier", "gold")).start()) {
                s.attribute("turns", 2).attribute("score", 0.5).attribute("cached", true).event("plan-ready").event("tool-picked", Map.of("tool", "search"));
                s.recordError(new IllegalStateException("quota"));
            }
            SpanData span = f.span("agent");
            assertEquals("u-7", span.getAttributes().get("user.id"));
            assertEquals("gold", span.getAttributes().get("tier"));
            assertEquals(2L, span.getAttributes().get("turns"));
            assertEquals(0.5, span.getAttributes().get("score"));
            assertEquals(true, span.getAttributes().get("cached"));
            assertEquals(List.of("plan-ready", "tool-picked"), List.of(span.getEvents().get(0).getName(), span.getEvents().get(1).getName()));
            assertEquals("search", span.getEvents().get(1).getAttributes().get("tool"));
            assertEquals(SpanStatus.ERROR, span.getStatus());
            assertEquals(IllegalStateException.class.getName(), span.getError().getType());
            assertEquals("quota", span.getError().getMessage());
        }
    }

    @Test
    void endWithStatusAndNullArgumentsNeverThrow() {
        try (Fixture f = new Fixture()) {
            ScopeHandle s = f.sw.scope(null).kind(null).attribute(null, "x").correlationId(null).start();
            assertDoesNotThrow(() -> s.attribute(null, 1).attribute("k", null).event(null).event("e", null).recordError(null));
            s.end(SpanStatus.CANCELLED);
            s.close();
            assertEquals(SpanStatus.CANCELLED, f.span("unnamed").getStatus());
        }
    }

    @Test
    void totalsAddUpTokensAndCostOfTheSubtree() {
        try (Fixture f = new Fixture(Spanwise.builder().modelPricing("gpt-4o", ModelPricing.perMillionTokens(2.0, 8.0)))) {
            UsageTotals totals;
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                agent.llm("first").model("gpt-4o").start().usage(1000, 100).close();
                try (ScopeHandle step = agent.child("step").start()) {
                    step.llm("second").model("gpt-4o").start().usage(500, 50, 200, 0, 20).close();
                }
                totals = agent.totals();
            }
            assertEquals(2, totals.getLlmCalls());
            assertEquals(1500, totals.getUsage().getInputTokens());
            assertEquals(200, totals.getUsage().getCacheReadTokens());
            assertEquals(20, totals.getUsage().getReasoningTokens());
            assertEquals((1500 * 2.0 + 150 * 8.0) / 1e6, totals.getCostUsd(), 1e-12);
        }
    }

    @Test
    void scopeClosedOnAnotherThreadEndsAndIsNoLongerCurrentHere() throws Exception {
        try (Fixture f = new Fixture()) {
            ScopeHandle s = f.sw.scope("handed-over").start();
            Thread other = new Thread(s::close);
            other.start();
            other.join();
            assertTrue(s.isEnded());
            assertNull(CurrentThreadScope.get(), "an ended scope is never the thread's current scope");
            s.close(); // a second close: ends nothing again, never throws
            assertNull(CurrentThreadScope.get());
            assertEquals(1, f.exported().size());
        }
    }
}
