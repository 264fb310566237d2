package dev.spanwise.tracing.spring.client;

import dev.spanwise.tracing.interop.Spanwise;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Puts the thread's current scope's parent headers ({@code traceparent}, {@code x-spanwise-scope},
 * {@code x-spanwise-correlation}) on every request of a {@code RestClient} or {@code RestTemplate},
 * so the called service records its work as a child. A header the request already has is kept; with
 * no current scope nothing is added. Spanwise's own exporters do not use Spring's clients, so their
 * requests never carry these headers.
 */
public class SpanwiseClientInterceptor implements ClientHttpRequestInterceptor {
    private final Spanwise spanwise;

    /** @param spanwise whose current scope is propagated */
    public SpanwiseClientInterceptor(Spanwise spanwise) {
        this.spanwise = spanwise;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
        throws IOException {
        try {
            HttpHeaders headers = request.getHeaders();
            for (Map.Entry<String, String> header : spanwise.currentHeaders().entrySet()) {
                if (!headers.containsHeader(header.getKey())) headers.set(header.getKey(), header.getValue());
            }
        } catch (RuntimeException ignored) {
            // propagation is best effort; the request goes out unchanged
        }
        return execution.execute(request, body);
    }
}
