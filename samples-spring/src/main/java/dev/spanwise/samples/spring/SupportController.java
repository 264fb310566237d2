package dev.spanwise.samples.spring;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The support API: each request is a SERVER scope named after its route. */
@RestController
public class SupportController {
    private final SupportAgent agent;

    /** @param agent answers questions */
    public SupportController(SupportAgent agent) {
        this.agent = agent;
    }

    /**
     * @param id the order
     * @param q the question
     * @return the answer
     */
    @GetMapping("/orders/{id}/help")
    public String help(@PathVariable String id, @RequestParam String q) {
        return agent.answer(id, q);
    }
}
