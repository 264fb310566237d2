package dev.spanwise.tracing.spring.web;

import dev.spanwise.tracing.interop.Spanwise;
import dev.spanwise.tracing.spring.SpanwiseAutoConfiguration;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Registers {@link SpanwiseServerFilter} in a Spring MVC (servlet) application, early in the filter
 * chain. Off with {@code spanwise.web.server.enabled=false}; replaced by a user-defined
 * {@code SpanwiseServerFilter} bean.
 */
@AutoConfiguration(after = SpanwiseAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(Spanwise.class)
@ConditionalOnProperty(name = "spanwise.web.server.enabled", matchIfMissing = true)
public class SpanwiseWebMvcAutoConfiguration {
    /** Order of the filter: right after Spring's own observation filter. */
    public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

    /** Created by Spring. */
    public SpanwiseWebMvcAutoConfiguration() {}

    /**
     * @param spanwise where the scopes are recorded
     * @param attributes per-request attribute beans
     * @return the filter
     */
    @Bean
    @ConditionalOnMissingBean
    public SpanwiseServerFilter spanwiseServerFilter(Spanwise spanwise, ObjectProvider<SpanwiseRequestAttributes> attributes) {
        return new SpanwiseServerFilter(spanwise, attributes.orderedStream().collect(Collectors.toList()));
    }

    /**
     * @param filter the filter to register
     * @return its registration, for all URLs, at {@link #FILTER_ORDER}
     */
    @Bean
    public FilterRegistrationBean<SpanwiseServerFilter> spanwiseServerFilterRegistration(SpanwiseServerFilter filter) {
        FilterRegistrationBean<SpanwiseServerFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(FILTER_ORDER);
        registration.setAsyncSupported(true);
        return registration;
    }
}
