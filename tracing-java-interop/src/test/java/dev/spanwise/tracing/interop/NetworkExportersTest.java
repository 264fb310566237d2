package dev.spanwise.tracing.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.spanwise.tracing.export.DestinationCounts;
import dev.spanwise.tracing.export.ExportCounts;
import dev.spanwise.tracing.exporters.Exporters;
import dev.spanwise.tracing.exporters.InMemoryExporter;
import dev.spanwise.tracing.model.SpanData;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder's network and file exporters against a real HTTP server on loopback, and {@code fromEnvironment()}. */
class NetworkExportersTest {
    /** One request the backend received. */
    static final class Received {
        final String path;
        final Map<String, List<String>> headers;
        final String body;

        Received(String path, Map<String, List<String>> headers, String body) {
            this.path = path;
            this.headers = headers;
            this.body = body;
        }

        String header(String name) {
            List<String> v = headers.get(name.substring(0, 1).toUpperCase() + name.substring(1));
            return v == null ? null : v.get(0);
        }
    }

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private String baseUrl;

    @BeforeEach
    void startBackend() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), body));
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopBackend() {
        server.stop(0);
    }

    @Test
    void otlpEndpointWithHeadersDeliversToV1Traces() {
        try (Spanwise sw = Spanwise.builder().serviceName("otlp-java").otlpEndpoint(baseUrl)
                .header("x-team", "agents").headers(Map.of("authorization", "Bearer t0ken")).build()) {
            sw.scope("otlp-span").start().close();
            assertEquals(1, sw.flush(Duration.ofSeconds(5)).join().getExported());
        }
        Received r = received.get(0);
        assertEquals("/v1/traces", r.path);
        assertEquals("agents", r.header("x-team"));
        assertEquals("Bearer t0ken", r.header("authorization"));
        assertTrue(r.body.contains("otlp-span") && r.body.contains("otlp-java"), r.body);
    }

    @Test
    void zipkinAndTracenticEachGetTheirOwnCopy() {
        try (Spanwise sw = Spanwise.builder().zipkin(baseUrl).tracentic(baseUrl).apiKey("tk-canary-123").build()) {
            sw.scope("both").start().close();
            ExportCounts result = sw.flush(Duration.ofSeconds(5)).join();
            assertEquals(1, result.getExported(), "the span, delivered to both destinations: " + result);
            assertEquals(2, result.getDestinations().size(), result.toString());
            for (DestinationCounts d : result.getDestinations()) assertEquals(1, d.getExported(), "one per destination: " + d);
        }
        Received zipkin = received.stream().filter(r -> r.path.equals("/api/v2/spans")).findFirst().orElseThrow();
        Received tracentic = received.stream().filter(r -> r.path.equals("/v1/ingest")).findFirst().orElseThrow();
        assertTrue(zipkin.body.contains("both"), zipkin.body);
        assertEquals("tk-canary-123", tracentic.header("x-tracentic-api-key"));
        assertFalse(zipkin.headers.toString().contains("tk-canary-123"), "the key goes to Tracentic only");
    }

    @Test
    void jsonLinesWritesOneSpanPerLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("spans.jsonl");
        try (Spanwise sw = Spanwise.builder().jsonLines(file).build()) {
            sw.scope("first").start().close();
            sw.scope("second").start().close();
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).contains("first") && lines.get(1).contains("second"), lines.toString());
    }

    @Test
    void badEndpointsAndMissingKeysFailInBuild() {
        IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
            () -> Spanwise.builder().otlpEndpoint("localhost:4318/oops").build());
        assertTrue(url.getMessage().contains("'localhost:4318/oops'"), url.getMessage());
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
            () -> Spanwise.builder().tracentic(baseUrl).build());
        assertEquals("tracentic() needs apiKey(…) to be set to a non-blank key", key.getMessage());
        IllegalArgumentException header = assertThrows(IllegalArgumentException.class,
            () -> Spanwise.builder().otlpEndpoint(baseUrl).header("x-bad", "a\r\nb").build());
        assertTrue(header.getMessage().contains("x-bad"), header.getMessage());
    }

    @Test
    void fromEnvironmentReadsSettingsAndCodeWins(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("env.jsonl");
        System.setProperty("spanwise.service.name", "env-service");
        System.setProperty("spanwise.environment", "env-staging");
        System.setProperty("spanwise.exporter", "jsonl");
        System.setProperty("spanwise.jsonl.path", file.toString());
        try {
            InMemoryExporter spans = Exporters.inMemory();
            try (Spanwise sw = Spanwise.builder().fromEnvironment().serviceName("code-service").exporter(spans).build()) {
                sw.scope("settings").start().close();
            }
            SpanData span = spans.single("settings");
            assertEquals("code-service", span.getResource().getServiceName(), "code wins over the environment");
            assertEquals("env-staging", span.getResource().getEnvironment(), "unset in code: the environment's value");
            assertFalse(Files.exists(file), "an exporter chosen in code replaces the environment's");

            try (Spanwise sw = Spanwise.fromEnvironment()) {
                sw.scope("from-env").start().close();
            }
            assertTrue(Files.readAllLines(file).get(0).contains("from-env"), "the environment's exporter is used");

            System.setProperty("spanwise.enabled", "false");
            try (Spanwise off = Spanwise.fromEnvironment()) {
                assertFalse(off.isEnabled());
            }
            System.setProperty("spanwise.sample.rate", "2");
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, Spanwise::fromEnvironment);
            assertTrue(bad.getMessage().contains("'2'"), bad.getMessage());
        } finally {
            for (String p : List.of("spanwise.service.name", "spanwise.environment", "spanwise.exporter",
                "spanwise.jsonl.path", "spanwise.enabled", "spanwise.sample.rate")) {
                System.clearProperty(p);
            }
        }
    }
}
