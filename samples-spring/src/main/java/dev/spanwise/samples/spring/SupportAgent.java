package dev.spanwise.samples.spring;

import dev.spanwise.tracing.interop.Spanwise;
import dev.spanwise.tracing.model.ScopeKind;
import dev.spanwise.tracing.spring.annotation.Traced;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** An agent with a tool and an LLM call (scripted: no network, no keys). */
@Service
public class SupportAgent {
    private static final Logger log = LoggerFactory.getLogger(SupportAgent.class);
    private final OrderTools tools;
    private final Spanwise spanwise;

    /**
     * @param tools the agent's tools
     * @param spanwise for the LLM call, recorded with the facade
     */
    public SupportAgent(OrderTools tools, Spanwise spanwise) {
        this.tools = tools;
        this.spanwise = spanwise;
    }

    /**
     * @param orderId the order
     * @param question the question
     * @return the answer
     */
    @Traced(name = "support-agent", kind = ScopeKind.AGENT, captureArgs = "question", captureResult = true)
    public String answer(String orderId, String question) {
        String status = tools.orderStatus(orderId);
        log.info("order {} is {}", orderId, status); // carries trace_id and span_id in the MDC
        return spanwise.llm("answer").provider("openai").model("gpt-4o").call(call -> {
            call.usage(412, 38);
            return "Your order " + orderId + " is " + status + ".";
        });
    }
}
