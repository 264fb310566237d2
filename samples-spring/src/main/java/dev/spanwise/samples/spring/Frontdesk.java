package dev.spanwise.samples.spring;

import dev.spanwise.tracing.model.ScopeKind;
import dev.spanwise.tracing.spring.annotation.Traced;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** The caller: an agent scope whose HTTP call to the support API carries its parent headers. */
@Component
public class Frontdesk {
    /**
     * Asks the support API about an order.
     *
     * @param client a client built from Spring Boot's {@code RestClient.Builder}
     * @param orderId the order
     * @param question the customer's question
     * @return the answer
     */
    @Traced(name = "frontdesk", kind = ScopeKind.AGENT, captureArgs = "question", captureResult = true)
    public String ask(RestClient client, String orderId, String question) {
        return client.get().uri("/orders/{id}/help?q={q}", orderId, question).retrieve().body(String.class);
    }
}
