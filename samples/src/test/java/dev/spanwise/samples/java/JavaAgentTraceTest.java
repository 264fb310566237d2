package dev.spanwise.samples.java;

import dev.spanwise.tracing.interop.ScopeHandle;
import dev.spanwise.tracing.interop.Spanwise;
import dev.spanwise.tracing.test.SpanwiseExtension;
import dev.spanwise.tracing.test.TraceCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's test-kit example in Java: the JUnit 5 extension hands each test a capture. */
@ExtendWith(SpanwiseExtension.class)
class JavaAgentTraceTest {
    @Test
    void theAnswerIsAnLlmCallUnderTheAgent(TraceCapture capture) {
        Spanwise sw = Spanwise.of(capture.tracing());
        try (ScopeHandle agent = sw.scope("support-agent").start()) {
            sw.llm("answer").provider("openai").model("gpt-4o").call(call -> {
                call.usage(120, 40);
                return "Your order ships today.";
            });
        }
        capture.assertThat("answer").isLlmCall().isUnder("support-agent").hasInputTokens(120);
    }
}
