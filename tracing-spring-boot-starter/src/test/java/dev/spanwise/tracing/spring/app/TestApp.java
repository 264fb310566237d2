package dev.spanwise.tracing.spring.app;

import dev.spanwise.tracing.exporters.Exporters;
import dev.spanwise.tracing.exporters.InMemoryExporter;
import dev.spanwise.tracing.spring.web.SpanwiseRequestAttributes;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A small MVC application with traced beans, run on a random port by the tests. */
@SpringBootApplication
public class TestApp {
    @Bean
    InMemoryExporter spans() {
        return Exporters.inMemory();
    }

    @Bean
    SpanwiseRequestAttributes tenant() {
        return request -> {
            Map<String, Object> attributes = new HashMap<>();
            attributes.put("tenant.id", request.getHeader("x-tenant"));
            return attributes;
        };
    }
}
