package dev.spanwise.tracing.spring.app;

import dev.spanwise.tracing.model.ScopeKind;
import dev.spanwise.tracing.spring.annotation.Traced;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Service;

/** Annotated methods of every shape. */
@Service
public class OrderService {
    private volatile IllegalStateException lastThrown;

    /** @return the last exception {@link #fail()} threw, to check the caller gets the same instance */
    public IllegalStateException lastThrown() {
        return lastThrown;
    }

    @Traced(kind = ScopeKind.TOOL, captureArgs = "id", captureResult = true)
    public String lookup(String id) {
        return "order-" + id;
    }

    @Traced(name = "quote", kind = ScopeKind.RETRIEVAL, captureArgs = "*", skipArgs = "secret")
    public CompletableFuture<String> quote(String id, String secret) {
        return CompletableFuture.supplyAsync(() -> {
            sleep(50);
            return "quote-" + id;
        });
    }

    @Traced
    public String fail() {
        lastThrown = new IllegalStateException("out of stock");
        throw lastThrown;
    }

    @Traced(kind = ScopeKind.AGENT)
    public String plan(String id) {
        return lookup(id); // a self-call: not through the proxy, so not a scope of its own
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
