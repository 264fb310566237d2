package dev.spanwise.tracing.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spanwise.tracing.Tracing;
import dev.spanwise.tracing.exporters.Exporters;
import dev.spanwise.tracing.exporters.InMemoryExporter;
import dev.spanwise.tracing.interop.ScopeHandle;
import dev.spanwise.tracing.interop.Spanwise;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class AutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SpanwiseAutoConfiguration.class));

    @Test
    void propertiesBindWithRelaxedNames() {
        runner.withPropertyValues("spanwise.service-name=billing", "spanwise.enabled=true", "spanwise.sampleRate=0.5",
                "spanwise.QUEUE_CAPACITY=16", "spanwise.exporter=none")
            .run(context -> {
                Spanwise sw = context.getBean(Spanwise.class);
                assertEquals("billing", sw.serviceName());
                assertTrue(sw.isEnabled());
                assertSame(sw.tracing(), context.getBean(Tracing.class));
                SpanwiseProperties p = context.getBean(SpanwiseProperties.class);
                assertEquals(0.5, p.getSampleRate());
                assertEquals(16L, p.getQueueCapacity());
            });
    }

    @Test
    void environmentVariablesBindUnderTheirSpanwiseNames() {
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    Map.of("SPANWISE_SERVICE_NAME", "from-env", "SPANWISE_FLUSH_INTERVAL_MS", "250", "SPANWISE_ENABLED", "false"))))
            .run(context -> {
                Spanwise sw = context.getBean(Spanwise.class);
                assertEquals("from-env", sw.serviceName());
                assertFalse(sw.isEnabled());
                assertEquals(250L, context.getBean(SpanwiseProperties.class).getFlushIntervalMs());
            });
    }

    @Test
    void serviceNameDefaultsToApplicationName() {
        runner.withPropertyValues("spring.application.name=checkout").run(context ->
            assertEquals("checkout", context.getBean(Spanwise.class).serviceName()));
        runner.withPropertyValues("spring.application.name=checkout", "OTEL_SERVICE_NAME=otel-name").run(context ->
            assertEquals("otel-name", context.getBean(Spanwise.class).serviceName()));
    }

    @Test
    void invalidValueFailsStartupNamingPropertyAndValue() {
        runner.withPropertyValues("spanwise.queue-capacity=0").run(context -> {
            Throwable failure = context.getStartupFailure();
            assertNotNull(failure);
            String messages = messages(failure);
            assertTrue(messages.contains("spanwise.queue-capacity must be a positive integer, was '0'"), messages);
        });
        runner.withPropertyValues("spanwise.sample-rate=1.5").run(context ->
            assertTrue(messages(context.getStartupFailure()).contains("spanwise.sample-rate must be a number within [0, 1], was '1.5'")));
        runner.withPropertyValues("spanwise.exporter=carrier-pigeon").run(context ->
            assertTrue(messages(context.getStartupFailure()).contains("spanwise.exporter"), messages(context.getStartupFailure())));
        runner.withPropertyValues("spanwise.exporter=tracentic").run(context ->
            assertTrue(messages(context.getStartupFailure()).contains("spanwise.api-key must be set"), messages(context.getStartupFailure())));
    }

    @Test
    void valueOfWrongTypeFailsStartupNamingPropertyAndValue() {
        runner.withPropertyValues("spanwise.flush-interval-ms=soon").run(context -> {
            String messages = messages(context.getStartupFailure());
            assertTrue(messages.contains("spanwise.flush-interval-ms"), messages);
            assertTrue(messages.contains("soon"), messages);
        });
    }

    @Test
    void backsOffWhenApplicationDefinesSpanwise() {
        runner.withUserConfiguration(OwnSpanwise.class).withPropertyValues("spanwise.service-name=ignored").run(context -> {
            Spanwise sw = context.getBean(Spanwise.class);
            assertEquals("mine", sw.serviceName());
            assertSame(sw.tracing(), context.getBean(Tracing.class));
        });
    }

    @Test
    void contextCloseFlushesAndShutsDown() {
        InMemoryExporter exporter = Exporters.inMemory();
        ConfigurableApplicationContext[] kept = new ConfigurableApplicationContext[1];
        runner.withBean(InMemoryExporter.class, () -> exporter).withPropertyValues("spanwise.flush-interval-ms=600000")
            .run(context -> {
                kept[0] = context;
                try (ScopeHandle scope = context.getBean(Spanwise.class).scope("work").start()) {
                    scope.attribute("n", 1L);
                }
                assertTrue(exporter.getSpans().isEmpty(), "nothing exported before the context closes");
            });
        assertFalse(kept[0].isActive());
        assertEquals(1, exporter.findByName("work").size());
        assertTrue(exporter.isShutdown());
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) all.append(t.getMessage()).append(" | ");
        return all.toString();
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnSpanwise {
        @Bean
        Spanwise mySpanwise() {
            return Spanwise.builder().serviceName("mine").registerShutdownHook(false).build();
        }
    }
}
