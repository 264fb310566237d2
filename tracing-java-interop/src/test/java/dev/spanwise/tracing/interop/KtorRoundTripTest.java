package dev.spanwise.tracing.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.spanwise.tracing.model.ScopeKind;
import dev.spanwise.tracing.model.SpanData;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Java service (JDK {@code HttpServer} + {@code HttpClient} with the facade) and a Ktor service
 * ({@code ServerTracing} + {@code ClientTracing}) on loopback keep one trace and one correlation id
 * in both directions.
 */
class KtorRoundTripTest {
    private final Fixture java = new Fixture();
    private HttpServer javaServer;
    private KtorService ktor;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        javaServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        javaServer.createContext("/answer", exchange -> {
            String body;
            try (ScopeHandle handler = java.sw.scope("java-handler").parentFromHeaders(exchange.getRequestHeaders()::getFirst).start()) {
                body = handler.correlationId() + "|" + handler.kind();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        javaServer.start();
        ktor = new KtorService("http://127.0.0.1:" + javaServer.getAddress().getPort() + "/answer");
    }

    @AfterEach
    void stop() {
        ktor.close();
        javaServer.stop(0);
        java.close();
    }

    @Test
    void javaToKtorToJavaKeepsOneTraceAndTheJavaCorrelationId() throws Exception {
        String body;
        try (ScopeHandle agent = java.sw.scope("java-agent").correlationId("order-42").start()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ktor.getUrl() + "/relay"));
            agent.headers().forEach(request::header);
            body = http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
        }
        assertEquals("order-42|AGENT", body, "the Java handler got the id back from the Ktor client plugin");

        SpanData agent = java.span("java-agent");
        SpanData ktorServer = awaitSpan(ktor::exported, "GET /relay");
        SpanData handler = java.span("java-handler");

        assertEquals("order-42", ktorServer.getCorrelationId(), "Java -> Ktor");
        assertEquals(agent.getTraceIdHex(), ktorServer.getTraceIdHex());
        assertEquals(agent.getSpanId(), ktorServer.getParentSpanId());

        assertEquals("order-42", handler.getCorrelationId(), "Ktor -> Java");
        assertEquals(agent.getTraceIdHex(), handler.getTraceIdHex());
        assertEquals(ktorServer.getSpanId(), handler.getParentSpanId());
        assertTrue(handler.getParentIsRemote());
        assertEquals(ScopeKind.AGENT, handler.getKind(), "a scope with a remote parent is the local root");
    }

    @Test
    void aCorrelationIdStartedInKtorReachesTheJavaService() throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(ktor.getUrl() + "/origin")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        assertEquals("ticket-7|AGENT", body);
        SpanData ktorAgent = awaitSpan(ktor::exported, "ktor-agent");
        SpanData handler = java.span("java-handler");
        assertEquals("ticket-7", handler.getCorrelationId());
        assertEquals(ktorAgent.getTraceIdHex(), handler.getTraceIdHex());
        assertEquals(ktorAgent.getSpanId(), handler.getParentSpanId());
    }

    @Test
    void theHeaderNameIsTheOneTheKtorPluginsUse() {
        assertEquals(dev.spanwise.tracing.ktor.HeadersKt.CORRELATION_ID_HEADER, Spanwise.CORRELATION_ID_HEADER);
        assertEquals(Map.of(), java.sw.currentHeaders());
    }

    /** The server scope ends just after the response is written: poll for it. */
    private static SpanData awaitSpan(Supplier<List<SpanData>> exported, String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            for (SpanData s : exported.get()) if (s.getName().equals(name)) return s;
            if (System.nanoTime() > deadline) throw new AssertionError("no span '" + name + "' in " + exported.get());
            Thread.sleep(20);
        }
    }
}
