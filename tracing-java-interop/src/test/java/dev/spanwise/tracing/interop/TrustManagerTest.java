package dev.spanwise.tracing.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.spanwise.tracing.export.DestinationCounts;
import dev.spanwise.tracing.export.ExportCounts;
import dev.spanwise.tracing.export.DropReason;
import java.io.File;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SpanwiseBuilder.trustManager} against a real HTTPS server on loopback whose self-signed
 * certificate is generated for this run by the JDK's keytool (RELIABILITY K1 from Java).
 */
class TrustManagerTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static HttpsServer server;
    private static KeyStore keyStore;
    private static final List<String> bodies = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startHttpsBackend(@TempDir Path dir) throws Exception {
        File file = dir.resolve("server.p12").toFile();
        String keytool = new File(System.getProperty("java.home"), "bin/keytool").getPath();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
            "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
            "-validity", "2", "-storetype", "PKCS12", "-keystore", file.getPath(),
            "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)).redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "keytool finished");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file.toPath())) {
            keyStore.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stopHttpsBackend() {
        server.stop(0);
    }

    private static String endpoint() {
        return "https://localhost:" + server.getAddress().getPort();
    }

    /** Trusts the server's certificate (as its own CA) and nothing else. */
    private static X509TrustManager trustingTheServer() throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", keyStore.getCertificate("server"));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    @Test
    void selfSignedEndpointIsDroppedAsTlsWithTheDefaultTrust() {
        int before = bodies.size();
        ExportCounts result;
        try (Spanwise sw = Spanwise.builder().serviceName("tls-java").otlpEndpoint(endpoint()).build()) {
            sw.scope("untrusted").start().close();
            result = sw.flush(Duration.ofSeconds(5)).join();
        }
        assertEquals(1L, result.dropped(DropReason.TLS), result.toString());
        assertEquals(0L, result.getExported(), result.toString());
        assertEquals(before, bodies.size(), "nothing reached the server");
    }

    @Test
    void trustManagerOnTheBuilderLetsOtlpAndZipkinDeliver() throws Exception {
        int before = bodies.size();
        ExportCounts result;
        try (Spanwise sw = Spanwise.builder().serviceName("tls-java")
                .otlpEndpoint(endpoint()).zipkin(endpoint()).trustManager(trustingTheServer()).build()) {
            sw.scope("trusted").start().close();
            result = sw.flush(Duration.ofSeconds(5)).join();
        }
        assertEquals(1L, result.getExported(), "the span, delivered to both destinations: " + result);
        assertEquals(2, result.getDestinations().size(), result.toString());
        for (DestinationCounts d : result.getDestinations()) assertEquals(1L, d.getExported(), "one copy per destination: " + d);
        assertEquals(0L, result.getDroppedTotal(), result.toString());
        assertEquals(before + 2, bodies.size());
        assertTrue(bodies.get(before).contains("trusted") && bodies.get(before + 1).contains("trusted"), bodies.toString());
    }
}
