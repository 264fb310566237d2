package dev.spanwise.tracing.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spanwise.tracing.exporters.InMemoryExporter;
import dev.spanwise.tracing.interop.ScopeHandle;
import dev.spanwise.tracing.interop.Spanwise;
import dev.spanwise.tracing.model.ScopeKind;
import dev.spanwise.tracing.model.SpanData;
import dev.spanwise.tracing.model.SpanStatus;
import dev.spanwise.tracing.spring.app.OrderService;
import dev.spanwise.tracing.spring.app.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebMvcTracingTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @LocalServerPort
    int port;

    @Autowired
    Spanwise sw;

    @Autowired
    InMemoryExporter spans;

    @Autowired
    OrderService orders;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void clear() {
        sw.flush().join();
        spans.clear();
    }

    @Test
    void requestIsServerSpanNamedAfterRouteWithStatusAndTracedChild() throws Exception {
        HttpResponse<String> response = get("/orders/42");
        assertEquals("order-42", response.body());

        SpanData server = Await.span(sw, spans, s -> s.getName().equals("GET /orders/{id}"));
        assertEquals(ScopeKind.SERVER, server.getKind());
        assertEquals(SpanStatus.OK, server.getStatus());
        assertEquals(200L, server.getAttributes().get("http.response.status_code"));
        assertEquals("/orders/{id}", server.getAttributes().get("http.route"));
        assertEquals("orders-test", server.getResource().getServiceName());

        SpanData lookup = Await.span(sw, spans, s -> s.getName().equals("lookup"));
        assertEquals(ScopeKind.TOOL, lookup.getKind());
        assertEquals(server.getSpanIdHex(), lookup.getParentSpanIdHex());
        assertEquals(server.getTraceIdHex(), lookup.getTraceIdHex());
        assertEquals("42", lookup.getInput());
        assertEquals("order-42", lookup.getOutput());
    }

    @Test
    void requestWithTraceparentIsChildOfCaller() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/orders/1"))
            .header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01").build();
        assertEquals(200, http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());

        SpanData server = Await.span(sw, spans, s -> s.getKind() == ScopeKind.SERVER);
        assertEquals(TRACE_ID, server.getTraceIdHex());
        assertEquals(CALLER_SPAN, server.getParentSpanIdHex());
        assertTrue(server.getParentIsRemote());
    }

    @Test
    void requestWithoutParentHeadersIsNewTrace() throws Exception {
        get("/orders/2");
        SpanData server = Await.span(sw, spans, s -> s.getKind() == ScopeKind.SERVER);
        assertNull(server.getParentSpanIdHex());
        assertEquals(ScopeKind.SERVER, server.getKind());
    }

    @Test
    void handlerExceptionIsErrorWithStatus500() throws Exception {
        assertEquals(500, get("/boom").statusCode());
        SpanData server = Await.span(sw, spans, s -> s.getName().equals("GET /boom"));
        assertEquals(SpanStatus.ERROR, server.getStatus());
        assertEquals(500L, server.getAttributes().get("http.response.status_code"));
        assertEquals("java.lang.IllegalArgumentException", server.getError().getType());
    }

    @Test
    void unmatchedRequestKeepsMethodName() throws Exception {
        assertEquals(404, get("/nowhere").statusCode());
        SpanData server = Await.span(sw, spans, s -> s.getKind() == ScopeKind.SERVER);
        assertEquals("GET", server.getName());
        assertEquals(404L, server.getAttributes().get("http.response.status_code"));
        assertEquals(SpanStatus.OK, server.getStatus());
    }

    @Test
    void concurrentRequestsKeepTheirOwnAttributes() throws Exception {
        CompletableFuture<HttpResponse<String>> a = http.sendAsync(
            HttpRequest.newBuilder(uri("/together/a")).header("x-tenant", "acme").build(), HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> b = http.sendAsync(
            HttpRequest.newBuilder(uri("/together/b")).header("x-tenant", "globex").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("order-a", a.join().body());
        assertEquals("order-b", b.join().body());

        List<SpanData> servers = Await.spans(sw, spans, 2, s -> s.getKind() == ScopeKind.SERVER);
        assertEquals(2, servers.size());
        for (SpanData server : servers) {
            String expected = server.getAttributes().get("url.path").equals("/together/a") ? "acme" : "globex";
            assertEquals(expected, server.getAttributes().get("tenant.id"));
        }
        assertNotEquals(servers.get(0).getTraceIdHex(), servers.get(1).getTraceIdHex());
        List<SpanData> lookups = Await.spans(sw, spans, 2, s -> s.getName().equals("lookup"));
        for (SpanData lookup : lookups) {
            SpanData parent = servers.stream().filter(s -> s.getSpanIdHex().equals(lookup.getParentSpanIdHex())).findFirst().orElseThrow();
            assertEquals("order-" + lookup.getInput(), lookup.getOutput());
            assertEquals("/together/" + lookup.getInput(), parent.getAttributes().get("url.path"));
        }
    }

    @Test
    void logLinesInHandlerCarryTraceAndSpanIds() throws Exception {
        String[] ids = get("/mdc").body().split(" ");
        SpanData server = Await.span(sw, spans, s -> s.getKind() == ScopeKind.SERVER);
        assertEquals(server.getTraceIdHex(), ids[0]);
        assertEquals(server.getSpanIdHex(), ids[1]);
    }

    @Test
    void restClientFromBootBuilderSendsParentHeaders() throws Exception {
        assertEquals("order-7", get("/downstream").body());
        SpanData caller = Await.span(sw, spans, s -> s.getName().equals("GET /downstream"));
        SpanData callee = Await.span(sw, spans, s -> s.getName().equals("GET /orders/{id}"));
        assertEquals(caller.getTraceIdHex(), callee.getTraceIdHex());
        assertEquals(caller.getSpanIdHex(), callee.getParentSpanIdHex());
    }

    @Test
    void completableFutureMethodEndsWhenFutureCompletes() throws Exception {
        assertEquals("quote-9", get("/quotes/9").body());
        SpanData server = Await.span(sw, spans, s -> s.getName().equals("GET /quotes/{id}"));
        SpanData quote = Await.span(sw, spans, s -> s.getName().equals("quote"));
        assertEquals(ScopeKind.RETRIEVAL, quote.getKind());
        assertEquals(server.getSpanIdHex(), quote.getParentSpanIdHex());
        assertTrue(quote.getDurationNanos() >= 40_000_000L, "ends with the future, not the call");
        assertEquals("9", quote.getInput()); // "*" minus the skipped secret: one argument, as its text
    }

    @Test
    void exceptionIsRecordedAndSameInstanceRethrown() {
        IllegalStateException thrown;
        String outerTrace;
        try (ScopeHandle outer = sw.scope("outer").start()) {
            outerTrace = outer.traceId();
            thrown = assertThrows(IllegalStateException.class, () -> orders.fail());
        }
        assertSame(orders.lastThrown(), thrown);
        SpanData fail = Await.span(sw, spans, s -> s.getName().equals("fail"));
        SpanData outer = Await.span(sw, spans, s -> s.getName().equals("outer"));
        assertEquals(SpanStatus.ERROR, fail.getStatus());
        assertEquals("out of stock", fail.getError().getMessage());
        assertEquals(outerTrace, fail.getTraceIdHex());
        assertEquals(outer.getSpanIdHex(), fail.getParentSpanIdHex());
        assertEquals(ScopeKind.CHAIN, fail.getKind());
    }

    @Test
    void annotatedMethodWithoutParentIsAgentRoot() {
        assertEquals("order-3", orders.plan("3"));
        SpanData plan = Await.span(sw, spans, s -> s.getName().equals("plan"));
        assertEquals(ScopeKind.AGENT, plan.getKind());
        assertNull(plan.getParentSpanIdHex());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
