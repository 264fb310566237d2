package dev.spanwise.tracing.spring.annotation;

import dev.spanwise.tracing.interop.Spanwise;
import dev.spanwise.tracing.spring.SpanwiseAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.EnableAspectJAutoProxy;

/**
 * Registers {@link TracedAspect} so that {@link Traced} methods of Spring beans are recorded. Off
 * with {@code spanwise.annotations.enabled=false}.
 */
@AutoConfiguration(after = SpanwiseAutoConfiguration.class)
@ConditionalOnClass(name = "org.aspectj.weaver.Advice")
@ConditionalOnBean(Spanwise.class)
@ConditionalOnProperty(name = "spanwise.annotations.enabled", matchIfMissing = true)
@EnableAspectJAutoProxy(proxyTargetClass = true)
public class SpanwiseAnnotationAutoConfiguration {
    /** Created by Spring. */
    public SpanwiseAnnotationAutoConfiguration() {}

    /**
     * @param spanwise where the scopes are recorded
     * @return the aspect
     */
    @Bean
    @ConditionalOnMissingBean
    public TracedAspect spanwiseTracedAspect(Spanwise spanwise) {
        return new TracedAspect(spanwise);
    }
}
