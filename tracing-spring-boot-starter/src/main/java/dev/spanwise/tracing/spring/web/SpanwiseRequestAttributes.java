package dev.spanwise.tracing.spring.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;

/**
 * A bean that gives each incoming request's {@code SERVER} scope attributes of its own — a tenant,
 * a user id, a feature flag. It is called once per request, on the request's thread, before the
 * handler runs; the map it returns belongs to that request only, and the scopes started under the
 * request inherit it. Several beans are applied in {@code @Order}; one that throws is skipped
 * (logged at WARN) and never fails the request.
 *
 * <pre>{@code
 * @Bean
 * SpanwiseRequestAttributes tenant() {
 *     return request -> Map.of("tenant.id", request.getHeader("x-tenant"));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SpanwiseRequestAttributes {
    /**
     * The attributes of this request's scope.
     *
     * @param request the incoming request
     * @return attribute names and values ({@code null} values are skipped); never shared between requests
     */
    Map<String, ?> attributes(HttpServletRequest request);
}
