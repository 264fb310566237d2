package dev.spanwise.tracing.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spanwise.tracing.scope.CurrentThreadScope;
import dev.spanwise.tracing.model.ScopeKind;
import dev.spanwise.tracing.model.SpanStatus;
import dev.spanwise.tracing.model.LlmCallData;
import dev.spanwise.tracing.model.SpanData;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** {@code sw.traced(…)} and {@code sw.llm(…).call(…)}: results and exceptions pass through unchanged. */
class CallbackStyleTest {

    @Test
    void tracedReturnsTheCallbacksValueAndRecordsTheLlmCall() {
        try (Fixture f = new Fixture(Spanwise.builder().captureContent(true)
                .modelPricing("gpt-4o", ModelPricing.perMillionTokens(2.50, 10.00, 1.25)))) {
            String answer = f.sw.traced("support-agent", agent -> {
                agent.attribute("user.id", "u-1");
                return f.sw.llm("answer").provider("openai").model("gpt-4o").attribute("temperature", 0.2).call(call -> {
                    call.input("Where is my order?");
                    call.usage(1200, 300).cacheReadTokens(1000).reasoningTokens(120);
                    call.responseModel("gpt-4o-2024-08-06").finishReasons("stop");
                    call.output("It ships today.");
                    return "It ships today.";
                });
            });

            assertEquals("It ships today.", answer);
            SpanData agent = f.span("support-agent");
            SpanData llm = f.span("answer");
            assertEquals(agent.getSpanId(), llm.getParentSpanId());
            assertEquals(ScopeKind.LLM, llm.getKind());
            assertEquals(0.2, llm.getAttributes().get("temperature"));
            LlmCallData call = llm.getLlm();
            assertEquals("openai", call.getProvider());
            assertEquals("gpt-4o", call.getRequestModel());
            assertEquals("gpt-4o-2024-08-06", call.getResponseModel());
            assertEquals(1200, call.getUsage().getInputTokens());
            assertEquals(300, call.getUsage().getOutputTokens());
            assertEquals(1000, call.getUsage().getCacheReadTokens());
            assertEquals(120, call.getUsage().getReasoningTokens());
            assertEquals(List.of("stop"), call.getFinishReasons());
            assertEquals("Where is my order?", call.getInput());
            // (1200 - 1000) x 2.50 + 1000 x 1.25 + 300 x 10.00, per million
            assertEquals((200 * 2.50 + 1000 * 1.25 + 300 * 10.00) / 1e6, call.getCostUsd(), 1e-12);
        }
    }

    @Test
    void checkedExceptionComesOutAsTheSameInstanceAndCanBeCaughtByItsType() {
        try (Fixture f = new Fixture()) {
            IOException boom = new IOException("disk gone");
            try {
                f.sw.traced("read-docs", scope -> {
                    throw boom;
                });
                fail("expected the IOException");
            } catch (IOException e) { // compiles only because traced(...) declares the callback's exception type
                assertSame(boom, e);
                assertEquals(0, e.getSuppressed().length);
            }
            SpanData span = f.span("read-docs");
            assertEquals(SpanStatus.ERROR, span.getStatus());
            assertEquals("java.io.IOException", span.getError().getType());
            assertEquals("disk gone", span.getError().getMessage());
            assertNull(CurrentThreadScope.get(), "the scope is closed even when the callback throws");
        }
    }

    @Test
    void checkedExceptionFromAnLlmCallbackIsNotWrapped() {
        try (Fixture f = new Fixture()) {
            IOException timeout = new IOException("read timed out");
            IOException thrown = assertThrows(IOException.class, () -> f.sw.llm("answer").model("gpt-4o").call(call -> {
                call.usage(10, 0);
                throw timeout;
            }));
            assertSame(timeout, thrown);
            assertEquals(SpanStatus.ERROR, f.span("answer").getStatus());
            assertEquals(10, f.span("answer").getLlm().getUsage().getInputTokens());
        }
    }

    @Test
    void runtimeExceptionsAndErrorsPassThroughUnchanged() {
        try (Fixture f = new Fixture()) {
            IllegalArgumentException bad = new IllegalArgumentException("bad input");
            assertSame(bad, assertThrows(IllegalArgumentException.class,
                () -> f.sw.scope("validate").run(scope -> { throw bad; })));
            AssertionError error = new AssertionError("broken invariant");
            assertSame(error, assertThrows(AssertionError.class,
                () -> f.sw.llm("call").run(call -> { throw error; })));
            assertEquals(SpanStatus.ERROR, f.span("validate").getStatus());
            assertEquals(SpanStatus.ERROR, f.span("call").getStatus());
        }
    }

    @Test
    void cancellationEndsTheScopeCancelledNotFailed() {
        try (Fixture f = new Fixture()) {
            assertThrows(CancellationException.class, () -> f.sw.traced("cancelled", scope -> {
                throw new CancellationException("user left");
            }));
            SpanData span = f.span("cancelled");
            assertEquals(SpanStatus.CANCELLED, span.getStatus());
            assertNull(span.getError());
        }
    }

    @Test
    void nullResultsAreReturnedUnchanged() {
        try (Fixture f = new Fixture()) {
            Object nothing = f.sw.traced("empty", scope -> null);
            assertNull(nothing);
            assertNull(f.sw.llm("empty-llm").call(call -> null));
            assertEquals(SpanStatus.OK, f.span("empty").getStatus());
        }
    }

    @Test
    void scopeBuilderCallbacksSeeTheirScopeAsCurrent() throws Exception {
        try (Fixture f = new Fixture()) {
            f.sw.scope("outer").correlationId("c-1").run(outer -> {
                assertSame(outer.asTraceScope(), CurrentThreadScope.get());
                String inner = f.sw.scope("inner").call(s -> s.correlationId());
                assertEquals("c-1", inner);
            });
            assertEquals(f.span("outer").getSpanId(), f.span("inner").getParentSpanId());
        }
    }
}
