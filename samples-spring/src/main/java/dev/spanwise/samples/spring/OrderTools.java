package dev.spanwise.samples.spring;

import dev.spanwise.tracing.model.ScopeKind;
import dev.spanwise.tracing.spring.annotation.Traced;
import org.springframework.stereotype.Component;

/** Tools the agent calls. */
@Component
public class OrderTools {
    /**
     * @param orderId the order
     * @return its status
     */
    @Traced(name = "order-status", kind = ScopeKind.TOOL, captureArgs = "orderId", captureResult = true)
    public String orderStatus(String orderId) {
        return "out for delivery";
    }
}
