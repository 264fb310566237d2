package dev.spanwise.tracing.spring;

import dev.spanwise.tracing.config.TracingConfig;

/**
 * A bean that adjusts the configuration the starter builds from {@code spanwise.*} properties,
 * for what properties do not cover: model pricing, a content mask, global attributes, limits.
 * Customizers run after the properties are applied, in {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * SpanwiseConfigCustomizer pricing() {
 *     return config -> config.pricing().model("gpt-4o", 2.50, 10.00, 1.25, 0.0);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SpanwiseConfigCustomizer {
    /**
     * Adjusts the configuration before the {@code Spanwise} bean is built.
     *
     * @param config the configuration, with the properties already applied
     */
    void customize(TracingConfig config);
}
