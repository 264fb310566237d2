package dev.spanwise.tracing.spring;

import dev.spanwise.tracing.Tracing;
import dev.spanwise.tracing.config.TracingConfig;
import dev.spanwise.tracing.export.SpanExporter;
import dev.spanwise.tracing.interop.Spanwise;
import java.time.Duration;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of one {@link Spanwise} bean (and its core {@link Tracing}) from the
 * {@code spanwise.*} properties. Backs off when the application defines its own {@code Spanwise}
 * bean. {@link SpanExporter} beans are added to the exporter the properties select, and
 * {@link SpanwiseConfigCustomizer} beans adjust the configuration last. The bean is flushed and
 * shut down when the application context stops or closes.
 */
@AutoConfiguration
@EnableConfigurationProperties(SpanwiseProperties.class)
public class SpanwiseAutoConfiguration {
    /** Created by Spring. */
    public SpanwiseAutoConfiguration() {}

    /**
     * The {@code Spanwise} instance configured from {@code spanwise.*} properties.
     *
     * @param properties the bound properties
     * @param environment for {@code spring.application.name} and the standard {@code OTEL_*} names
     * @param exporters extra exporters defined as beans
     * @param customizers configuration adjustments defined as beans
     * @return the instance
     * @throws IllegalArgumentException naming the first invalid property and its value
     */
    @Bean
    @ConditionalOnMissingBean
    public Spanwise spanwise(
        SpanwiseProperties properties,
        Environment environment,
        ObjectProvider<SpanExporter> exporters,
        ObjectProvider<SpanwiseConfigCustomizer> customizers
    ) {
        TracingConfig config = PropertiesConfig.build(
            properties, environment, exporters.orderedStream().collect(Collectors.toList()));
        customizers.orderedStream().forEach(c -> c.customize(config));
        return Spanwise.of(Tracing.create(config));
    }

    /**
     * The core instance behind the {@code Spanwise} bean, for Kotlin code and core APIs.
     *
     * @param spanwise the facade bean
     * @return {@code spanwise.tracing()}
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public Tracing spanwiseTracing(Spanwise spanwise) {
        return spanwise.tracing();
    }

    /**
     * Flushes and shuts the {@code Spanwise} bean down with the application context.
     *
     * @param spanwise the bean to shut down
     * @param environment for {@code spring.lifecycle.timeout-per-shutdown-phase}
     * @return the lifecycle bean
     */
    @Bean
    public SmartLifecycle spanwiseLifecycle(Spanwise spanwise, Environment environment) {
        Duration phaseTimeout = environment.getProperty(
            "spring.lifecycle.timeout-per-shutdown-phase", Duration.class, Duration.ofSeconds(30));
        return new SpanwiseLifecycle(spanwise, phaseTimeout);
    }
}
