package dev.spanwise.tracing.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spanwise.tracing.model.LlmCallData;
import dev.spanwise.tracing.model.LlmRequestParams;
import dev.spanwise.tracing.model.SpanData;
import dev.spanwise.tracing.model.SpanLevel;
import dev.spanwise.tracing.model.SpanLink;
import dev.spanwise.tracing.model.SpanStatus;
import dev.spanwise.tracing.model.ToolCallRequest;
import dev.spanwise.tracing.model.TraceIdentity;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sessions, users, tags and metadata; input and output; levels; request parameters and prompts — from Java. */
class AgentModelTest {

    @Test
    void identitySetOnAChildIsCarriedByTheWholeLocalTrace() {
        try (Fixture f = new Fixture()) {
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                try (ScopeHandle step = agent.child("plan").start()) {
                    step.session("s-1").user("u-7").tags("beta", null, "vip").metadata("plan", "pro").metadata("seats", 3);
                }
                TraceIdentity seen = agent.traceIdentity();
                assertEquals("s-1", seen.getSessionId());
            }
            TraceIdentity identity = f.span("agent").getIdentity();
            assertEquals("s-1", identity.getSessionId());
            assertEquals("u-7", identity.getUserId());
            assertEquals(Arrays.asList("beta", "vip"), List.copyOf(identity.getTags()));
            assertEquals(Map.of("plan", "pro", "seats", 3L), identity.getMetadata());
            assertEquals("s-1", f.span("plan").getIdentity().getSessionId());
        }
    }

    @Test
    void nullsAreIgnoredAndNothingIsSetByDefault() {
        try (Fixture f = new Fixture()) {
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                agent.session(null).user(null).tags((String[]) null).metadata(null, "x").input(null).warning(null);
                assertNull(agent.traceIdentity());
            }
            SpanData agent = f.span("agent");
            assertNull(agent.getIdentity());
            assertEquals(SpanLevel.DEFAULT, agent.getLevel());
        }
    }

    @Test
    void inputAndOutputOnAToolScopeFollowTheContentRules() {
        try (Fixture f = new Fixture(Spanwise.builder().captureContent(true))) {
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                try (ScopeHandle tool = agent.tool("lookup").start()) {
                    tool.input("order 42").output("shipped");
                }
            }
            SpanData tool = f.span("lookup");
            assertEquals("order 42", tool.getInput());
            assertEquals("shipped", tool.getOutput());
        }
        try (Fixture off = new Fixture()) {
            try (ScopeHandle tool = off.sw.scope("lookup").start()) {
                tool.input("order 42");
            }
            assertNull(off.span("lookup").getInput());
        }
    }

    @Test
    void warningMarksWarningWithoutFailingAndAnErrorStaysError() {
        try (Fixture f = new Fixture()) {
            try (ScopeHandle slow = f.sw.scope("slow").start()) {
                slow.warning("took 9 s");
            }
            try (ScopeHandle broken = f.sw.scope("broken").start()) {
                broken.warning("retrying");
                broken.fail(new IllegalStateException("gave up"));
            }
            SpanData slow = f.span("slow");
            assertEquals(SpanStatus.OK, slow.getStatus());
            assertEquals(SpanLevel.WARNING, slow.getLevel());
            assertEquals("took 9 s", slow.getLevelMessage());
            SpanData broken = f.span("broken");
            assertEquals(SpanStatus.ERROR, broken.getStatus());
            assertEquals(SpanLevel.ERROR, broken.getLevel());
        }
    }

    @Test
    void requestParametersResponseIdAndPromptOnAnLlmCall() {
        try (Fixture f = new Fixture(Spanwise.builder().captureContent(true))) {
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                try (LlmCallHandle call = agent.llm("answer").provider("openai").model("gpt-4o").start()) {
                    call.temperature(0.2).topP(0.9).topK(40).maxTokens(512).seed(7).stopSequences("END", null)
                        .frequencyPenalty(0.1).presencePenalty(0.3).stream(true).choiceCount(2)
                        .responseId("chatcmpl-1")
                        .prompt("support-answer", "3", Collections.singletonMap("tone", "friendly"))
                        .input("prompt").output("answer")
                        .warning("truncated");
                }
            }
            SpanData span = f.span("answer");
            LlmCallData llm = span.getLlm();
            LlmRequestParams r = llm.getRequest();
            assertEquals(0.2, r.getTemperature());
            assertEquals(0.9, r.getTopP());
            assertEquals(40L, r.getTopK());
            assertEquals(512L, r.getMaxTokens());
            assertEquals(7L, r.getSeed());
            assertEquals(List.of("END"), r.getStopSequences());
            assertEquals(0.1, r.getFrequencyPenalty());
            assertEquals(0.3, r.getPresencePenalty());
            assertTrue(r.getStream());
            assertEquals(2L, r.getChoiceCount());
            assertEquals("chatcmpl-1", llm.getResponseId());
            assertEquals("support-answer", llm.getPrompt().getName());
            assertEquals("3", llm.getPrompt().getVersion());
            assertEquals(Map.of("tone", "friendly"), llm.getPrompt().getVariables());
            assertEquals("prompt", span.getInput());
            assertEquals("answer", llm.getOutput());
            assertEquals(SpanLevel.WARNING, span.getLevel());
        }
    }

    @Test
    void aToolScopeExecutingARequestedCallLinksBackToTheLlmCall() {
        try (Fixture f = new Fixture(Spanwise.builder().captureContent(true))) {
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                try (LlmCallHandle call = agent.llm("plan").provider("openai").model("gpt-4o").start()) {
                    call.toolCall("call_1", "lookup_order", "{\"order\":42}").toolCall(null, "ignored", null);
                }
                try (ScopeHandle tool = agent.tool("lookup_order").start()) {
                    tool.toolCallId("call_1").input("{\"order\":42}").output("shipped");
                }
            }
            SpanData plan = f.span("plan");
            ToolCallRequest asked = plan.getLlm().getToolCalls().get(0);
            assertEquals(1, plan.getLlm().getToolCalls().size());
            assertEquals("call_1", asked.getId());
            assertEquals("lookup_order", asked.getName());
            assertEquals("{\"order\":42}", asked.getArguments());
            SpanData tool = f.span("lookup_order");
            assertEquals("call_1", tool.getToolCallId());
            SpanLink link = tool.getLinks().get(0);
            assertEquals(plan.getSpanId(), link.getSpanId());
            assertEquals(plan.getTraceIdHex(), link.getTraceIdHex());
            assertEquals("tool_call", link.getReason());
        }
    }

    @Test
    void headersCarryTheIdentityInBaggageAndParentFromHeadersAdoptsIt() {
        Map<String, String> sent;
        try (Fixture caller = new Fixture()) {
            try (ScopeHandle agent = caller.sw.scope("agent").start()) {
                agent.session("conv-1").user("u-7").tags("beta").metadata("plan", "pro");
                sent = agent.headers();
            }
        }
        String baggage = sent.get("baggage");
        assertTrue(baggage.contains("session.id=conv-1"), baggage);
        assertTrue(!baggage.contains("user.id"), "user id stays home by default: " + baggage);
        try (Fixture receiver = new Fixture()) {
            try (ScopeHandle handler = receiver.sw.scope("handler").parentFromHeaders(sent).start()) {
                try (ScopeHandle step = handler.child("step").start()) {
                    step.attribute("k", "v");
                }
            }
            TraceIdentity identity = receiver.span("step").getIdentity();
            assertEquals("conv-1", identity.getSessionId());
            assertEquals(List.of("beta"), List.copyOf(identity.getTags()));
            assertEquals(Map.of("plan", "pro"), identity.getMetadata());
            assertNull(identity.getUserId());
            assertEquals(receiver.span("handler").getTraceIdHex(), receiver.span("step").getTraceIdHex());
        }
    }

    @Test
    void userIdTravelsOnlyWithPropagateUserIdOnBothSides() {
        Map<String, String> sent;
        try (Fixture caller = new Fixture(Spanwise.builder().propagateUserId(true))) {
            try (ScopeHandle agent = caller.sw.scope("agent").start()) {
                agent.user("u-7");
                sent = agent.headers();
            }
        }
        assertTrue(sent.get("baggage").contains("user.id=u-7"));
        try (Fixture strict = new Fixture()) {
            strict.sw.scope("handler").parentFromHeaders(sent::get).start().close();
            assertNull(strict.span("handler").getIdentity());
        }
        try (Fixture open = new Fixture(Spanwise.builder().propagateUserId(true))) {
            open.sw.scope("handler").parentFromHeaders(sent::get).start().close();
            assertEquals("u-7", open.span("handler").getIdentity().getUserId());
        }
    }

    @Test
    void disabledHandlesIgnoreEveryNewCall() {
        ScopeHandle.DISABLED.session("s").tags("t").metadata("k", 1).input("i").output("o").warning("w");
        LlmCallHandle.DISABLED.temperature(1).prompt("p", null).responseId("r");
        assertNull(ScopeHandle.DISABLED.traceIdentity());
    }
}
