package dev.spanwise.tracing.spring.client;

import dev.spanwise.tracing.interop.Spanwise;
import dev.spanwise.tracing.spring.SpanwiseAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Adds {@link SpanwiseClientInterceptor} to every {@code RestClient.Builder} and
 * {@code RestTemplateBuilder} that Spring Boot provides (clients built with {@code RestClient.create()}
 * or {@code new RestTemplate()} need {@code .requestInterceptor(interceptor)} themselves). Off with
 * {@code spanwise.web.client.enabled=false}.
 */
@AutoConfiguration(after = SpanwiseAutoConfiguration.class)
@ConditionalOnClass(RestClientCustomizer.class)
@ConditionalOnBean(Spanwise.class)
@ConditionalOnProperty(name = "spanwise.web.client.enabled", matchIfMissing = true)
public class SpanwiseRestClientAutoConfiguration {
    /** Created by Spring. */
    public SpanwiseRestClientAutoConfiguration() {}

    /**
     * @param spanwise whose current scope is propagated
     * @return the interceptor
     */
    @Bean
    @ConditionalOnMissingBean
    public SpanwiseClientInterceptor spanwiseClientInterceptor(Spanwise spanwise) {
        return new SpanwiseClientInterceptor(spanwise);
    }

    /**
     * @param interceptor the interceptor to add
     * @return adds it to Boot's {@code RestClient.Builder}
     */
    @Bean
    public RestClientCustomizer spanwiseRestClientCustomizer(SpanwiseClientInterceptor interceptor) {
        return builder -> builder.requestInterceptor(interceptor);
    }

    /**
     * @param interceptor the interceptor to add
     * @return adds it to the {@code RestTemplate}s Boot's {@code RestTemplateBuilder} builds
     */
    @Bean
    public RestTemplateCustomizer spanwiseRestTemplateCustomizer(SpanwiseClientInterceptor interceptor) {
        return template -> template.getInterceptors().add(interceptor);
    }
}
