package dev.spanwise.tracing.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spanwise.tracing.interop.LlmCallHandle;
import dev.spanwise.tracing.interop.ScopeHandle;
import dev.spanwise.tracing.interop.Spanwise;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The test kit as a Java user meets it: the JUnit 5 extension, a facade over the capture, fluent checks. */
@ExtendWith(SpanwiseExtension.class)
class SpanwiseExtensionTest {
    @Test
    void aFacadeRunIsCheckedWithFluentAssertions(TraceCapture capture) {
        Spanwise sw = Spanwise.of(capture.tracing());
        try (ScopeHandle agent = sw.scope("agent").start()) {
            agent.attribute("attempt", 2);
            String text = sw.llm("answer").provider("openai").model("gpt-4o").call(call -> {
                call.usage(120, 40);
                return "hello";
            });
            assertEquals("hello", text);
        }
        capture.assertThat("answer").isLlmCall().isUnder("agent").hasInputTokens(120).hasOutputTokens(40).hasNoCost();
        capture.assertThat("agent").isAgent().isRoot().hasChildren("answer").hasAttribute("attempt", 2);
        AssertionError error = assertThrows(AssertionError.class, () -> capture.assertThat("answer").isTool());
        assertEquals("span 'answer': expected kind TOOL, but it is LLM", error.getMessage());
    }

    @Test
    void theAgentModelIsCheckedToo(TraceCapture capture) {
        Spanwise sw = Spanwise.of(capture.tracing());
        try (ScopeHandle agent = sw.scope("agent").start()) {
            agent.session("s-1").user("u-7").tags("beta").metadata("plan", "pro").warning("slow start");
            try (LlmCallHandle plan = agent.llm("plan").provider("openai").model("gpt-4o").start()) {
                plan.usage(10, 5).finishReasons("tool_calls").responseId("chatcmpl-1").toolCall("call_1", "lookup", null);
            }
            try (ScopeHandle tool = agent.tool("lookup").start()) {
                tool.toolCallId("call_1");
            }
        }
        capture.assertThat("plan").hasFinishReasons("tool_calls").hasResponseId("chatcmpl-1").askedForTool("call_1", "lookup")
            .hasSession("s-1").hasUser("u-7").hasTags("beta").hasMetadata("plan", "pro");
        capture.assertThat("lookup").isTool().executesToolCallOf("call_1", "plan");
        capture.assertThat("agent").hasWarning("slow start");
        AssertionError error = assertThrows(AssertionError.class, () -> capture.assertThat("agent").hasInput("question"));
        assertEquals("span 'agent': expected input 'question', but none was captured (is captureContent on?)", error.getMessage());
    }

    @Test
    void oneCapturePerTestWhateverTheNumberOfParameters(TraceCapture first, TraceCapture second) {
        assertSame(first, second);
        assertTrue(first.spans().isEmpty(), "a fresh capture per test");
    }
}
