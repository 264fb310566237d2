package dev.spanwise.tracing.spring.web;

import dev.spanwise.tracing.interop.ScopeBuilder;
import dev.spanwise.tracing.interop.ScopeHandle;
import dev.spanwise.tracing.interop.Spanwise;
import dev.spanwise.tracing.model.ScopeKind;
import dev.spanwise.tracing.model.SpanStatus;
import dev.spanwise.tracing.spring.internal.CurrentScope;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Starts a {@code SERVER} scope per request, named {@code METHOD route} ({@code GET /orders/{id}})
 * once Spring MVC has matched the route, or {@code METHOD} when no route matched. The scope is a
 * child of the caller when the request carries {@code x-spanwise-scope} or {@code traceparent}
 * (the facade's {@code parentFromHeaders} rule), is the thread's current scope — and its ids are
 * in the MDC — while the handler runs, and records {@code http.response.status_code}; a 5xx status
 * or an escaping exception ends it {@code ERROR}. Async requests end when the async work completes.
 */
public class SpanwiseServerFilter extends OncePerRequestFilter {
    /** Attribute: the request method. */
    public static final String HTTP_METHOD = "http.request.method";
    /** Attribute: the matched route pattern. */
    public static final String HTTP_ROUTE = "http.route";
    /** Attribute: the response status code. */
    public static final String HTTP_STATUS = "http.response.status_code";
    /** Attribute: the request path. */
    public static final String URL_PATH = "url.path";

    private static final Logger log = LoggerFactory.getLogger(SpanwiseServerFilter.class);

    private final Spanwise spanwise;
    private final List<SpanwiseRequestAttributes> attributeProviders;

    /**
     * @param spanwise where the scopes are recorded
     * @param attributeProviders per-request attributes, applied in order
     */
    public SpanwiseServerFilter(Spanwise spanwise, List<SpanwiseRequestAttributes> attributeProviders) {
        this.spanwise = spanwise;
        this.attributeProviders = List.copyOf(attributeProviders);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
        ScopeHandle scope = spanwise.isEnabled() ? open(request) : null;
        if (scope == null) {
            chain.doFilter(request, response);
            return;
        }
        try (CurrentScope ignored = CurrentScope.attach(scope)) {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            name(scope, request, 500);
            scope.attribute(HTTP_STATUS, 500L);
            // DispatcherServlet wraps a handler's exception: record the handler's, rethrow the same instance
            Throwable cause = e instanceof ServletException wrapped && wrapped.getRootCause() != null ? wrapped.getRootCause() : e;
            scope.fail(cause);
            throw e;
        }
        if (request.isAsyncStarted()) {
            request.getAsyncContext().addListener(new EndOnComplete(scope, request, response));
        } else {
            end(scope, request, response);
        }
    }

    private ScopeHandle open(HttpServletRequest request) {
        try {
            String method = request.getMethod();
            ScopeBuilder builder = spanwise.scope(method).kind(ScopeKind.SERVER)
                .parentFromHeaders(request::getHeader)
                .attribute(HTTP_METHOD, method)
                .attribute(URL_PATH, request.getRequestURI());
            for (SpanwiseRequestAttributes provider : attributeProviders) {
                try {
                    Map<String, ?> attributes = provider.attributes(request);
                    if (attributes != null) builder.attributes(attributes);
                } catch (RuntimeException e) {
                    log.warn("Spanwise: SpanwiseRequestAttributes bean threw {}; its attributes are skipped", e.getClass().getName());
                }
            }
            return builder.begin();
        } catch (RuntimeException e) {
            log.warn("Spanwise: request scope setup failed: {}", e.getClass().getName());
            return null;
        }
    }

    private static void name(ScopeHandle scope, HttpServletRequest request, int status) {
        Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        // a 404 matched only by the static-resource catch-all is no route of the application
        if (route instanceof String pattern && !pattern.isBlank() && !(status == 404 && pattern.equals("/**"))) {
            scope.attribute(HTTP_ROUTE, pattern);
            scope.asTraceScope().updateName(request.getMethod() + " " + pattern);
        }
    }

    private static void end(ScopeHandle scope, HttpServletRequest request, HttpServletResponse response) {
        int status = response.getStatus();
        name(scope, request, status);
        scope.attribute(HTTP_STATUS, (long) status);
        scope.end(status >= 500 ? SpanStatus.ERROR : SpanStatus.OK);
    }

    /** Ends an async request's scope when its async work completes, fails or times out. */
    private static final class EndOnComplete implements AsyncListener {
        private final ScopeHandle scope;
        private final HttpServletRequest request;
        private final HttpServletResponse response;

        EndOnComplete(ScopeHandle scope, HttpServletRequest request, HttpServletResponse response) {
            this.scope = scope;
            this.request = request;
            this.response = response;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            end(scope, request, response);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            scope.warning("async request timed out");
        }

        @Override
        public void onError(AsyncEvent event) {
            if (event.getThrowable() != null) scope.recordError(event.getThrowable());
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
