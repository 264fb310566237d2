package dev.spanwise.tracing.export

import ch.qos.logback.classic.Level
import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.exporters.internal.http.EndpointCertificateException
import dev.spanwise.tracing.exporters.internal.http.EndpointTrustManager
import dev.spanwise.tracing.testing.AllOutputCapture
import dev.spanwise.tracing.testing.LogCapture
import dev.spanwise.tracing.testing.Spans
import dev.spanwise.tracing.testing.TestCertificate
import dev.spanwise.tracing.testing.TlsServer
import dev.spanwise.tracing.traced
import io.ktor.client.HttpClient
import io.ktor.client.engine.cio.CIO
import io.ktor.client.engine.java.Java
import io.ktor.client.request.post
import io.ktor.client.request.setBody
import kotlinx.coroutines.runBlocking
import javax.net.ssl.SSLContext
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.seconds

/** RELIABILITY §9 K1–K3 against real HTTPS servers on loopback (JDK TLS), certificates made per run. */
class TlsTest {
    private companion object {
        val certs = TestCertificate.generate(
            "localhost" to "dns:localhost,ip:127.0.0.1",
            "localhost" to "dns:localhost",
            "localhost" to null,
            "collector.example" to "dns:collector.example,dns:*.example.com",
        )
        val selfSigned = certs[0]
        val localhostOnly = certs[1]
        val cnOnly = certs[2]
        val otherHost = certs[3]
    }

    private fun failureOf(result: ExportResult): ExportResult.Failure {
        assertIs<ExportResult.Failure>(result, "export must fail: $result")
        assertEquals(DropReason.TLS, result.reason, result.toString())
        assertFalse(result.retryable, "TLS failures are not retried: $result")
        return result
    }

    /** Exports one batch to [url] trusting [cert]; returns the failure message. */
    private suspend fun rejected(server: TlsServer, url: String, trust: TestCertificate?): String {
        val exporter = Exporters.otlpHttp(url) { trustManager = trust?.trustManager() }
        try {
            val failure = failureOf(exporter.export(Spans.many(2)))
            assertTrue(server.bodies.isEmpty(), "no request reached the server")
            return failure.cause?.message.orEmpty()
        } finally {
            exporter.shutdown()
        }
    }

    // Reliability matrix: K1
    @Test
    fun `self-signed certificate fails the handshake once, is not retried, logs one ERROR and counts dropped tls`(): Unit = runBlocking {
        TlsServer(selfSigned.sslContext()).use { server ->
            LogCapture.capture { logs ->
                val tracing = Tracing {
                    serviceName = "tls-test"
                    exporter = Exporters.otlpHttp(server.url("localhost")) { maxAttempts = 5 }
                    registerShutdownHook = false
                }
                repeat(3) { tracing.traced("op-$it") { } }
                val result = tracing.shutdown(5.seconds)
                assertEquals(3, result.dropped(DropReason.TLS), result.toString())
                assertEquals(0, result.exported, result.toString())
                assertEquals(1, server.connections.get(), "one connection attempt, no retry")
                assertEquals(0, server.handshakes.get())
                val errors = logs.messages(Level.ERROR)
                assertEquals(1, errors.size, "one ERROR: $errors")
                println("K1 ERROR: ${errors[0]}")
                assertTrue(errors[0].contains("localhost") && errors[0].contains("not trusted"), errors[0])
                assertTrue(errors[0].contains("HttpExporterConfig.trustManager"), "names the remedy: ${errors[0]}")
            }
        }
    }

    // Reliability matrix: K1
    @Test
    fun `the same endpoint is delivered to once a custom trust manager is configured`(): Unit = runBlocking {
        TlsServer(selfSigned.sslContext()).use { server ->
            for (host in listOf("localhost", "127.0.0.1")) {
                val exporter = Exporters.otlpHttp(server.url(host)) { trustManager = selfSigned.trustManager() }
                assertEquals(ExportResult.Success, exporter.export(Spans.many(2)), host)
                exporter.shutdown()
            }
            assertEquals(2, server.bodies.size)
        }
    }

    // Reliability matrix: K2
    @Test
    fun `a trusted certificate for another host is rejected, naming the host and the names it carries`(): Unit = runBlocking {
        TlsServer(localhostOnly.sslContext()).use { server ->
            // CIO itself would accept a DNS-only certificate for an IP endpoint.
            val ipMessage = rejected(server, server.url("127.0.0.1"), localhostOnly)
            println("K2 IP mismatch: $ipMessage")
            assertTrue(ipMessage.contains("127.0.0.1") && ipMessage.contains("names only DNS:localhost"), ipMessage)
            assertTrue(ipMessage.contains("subjectAltName IP:127.0.0.1"), ipMessage)
        }
        TlsServer(otherHost.sslContext()).use { server ->
            val dnsMessage = rejected(server, server.url("localhost"), otherHost)
            println("K2 DNS mismatch: $dnsMessage")
            assertTrue(dnsMessage.contains("localhost") && dnsMessage.contains("DNS:collector.example, DNS:*.example.com"), dnsMessage)
        }
    }

    // Reliability matrix: K2
    @Test
    fun `a CN-only certificate whose CN matches the host is rejected`(): Unit = runBlocking {
        TlsServer(cnOnly.sslContext()).use { server ->
            val message = rejected(server, server.url("localhost"), cnOnly)
            println("K2 CN-only: $message")
            assertTrue(message.contains("localhost") && message.contains("no SubjectAltName"), message)
        }
    }

    // Reliability matrix: K2
    @Test
    fun `the guard is needed - Ktor CIO on its own accepts the CN-only certificate`(): Unit = runBlocking {
        TlsServer(cnOnly.sslContext()).use { server ->
            val trust = cnOnly.trustManager()
            HttpClient(CIO) { engine { https { trustManager = trust } } }.use { client ->
                assertEquals(200, client.post(server.url("localhost")) { setBody("{}") }.status.value)
            }
            assertEquals(1, server.bodies.size)
        }
    }

    // Reliability matrix: K2
    @Test
    fun `host rules - one wildcard label, IP entries for IP hosts, never the CN`() {
        val chain = arrayOf(otherHost.certificate)
        val trust = otherHost.trustManager()
        for (host in listOf("collector.example", "api.example.com", "API.Example.COM.")) {
            EndpointTrustManager(trust, host, customTrust = true).checkServerTrusted(chain, "ECDHE_ECDSA")
        }
        for (host in listOf("example.com", "a.b.example.com", "api.example.org", "[::1]")) {
            assertFailsWith<EndpointCertificateException>(host) {
                EndpointTrustManager(trust, host, customTrust = true).checkServerTrusted(chain, "ECDHE_ECDSA")
            }
        }
        assertFailsWith<EndpointCertificateException>("CN only") {
            EndpointTrustManager(cnOnly.trustManager(), "localhost", customTrust = true).checkServerTrusted(arrayOf(cnOnly.certificate), "ECDHE_ECDSA")
        }
        val both = selfSigned.trustManager()
        EndpointTrustManager(both, "127.0.0.1", customTrust = true).checkServerTrusted(arrayOf(selfSigned.certificate), "ECDHE_ECDSA")
        assertFailsWith<EndpointCertificateException> {
            EndpointTrustManager(both, "127.0.0.2", customTrust = true).checkServerTrusted(arrayOf(selfSigned.certificate), "ECDHE_ECDSA")
        }
    }

    // Reliability matrix: K2
    @Test
    fun `the TLS error never shows the API key`() {
        val key = "sk-canary-tls-5d1e8f2a"
        val (messages, output) = AllOutputCapture.capture {
            runBlocking {
                TlsServer(localhostOnly.sslContext()).use { server ->
                    val exporter = Exporters.tracentic(key, server.url("127.0.0.1")) { trustManager = localhostOnly.trustManager() }
                    val failure = failureOf(exporter.export(Spans.many(1)))
                    exporter.shutdown()
                    listOf(failure.toString(), failure.cause?.message.orEmpty(), exporter.toString())
                }
            }
        }
        assertTrue(output.contains("does not match that host"), "the ERROR was logged")
        assertFalse(output.contains(key), "log output leaks the key")
        messages.forEach { assertFalse(it.contains(key), it) }
    }

    // Reliability matrix: K3
    @Test
    fun `a TLS-1_3-only endpoint fails with CIO, naming the TLS 1_2 limitation and the remedy`(): Unit = runBlocking {
        TlsServer(selfSigned.sslContext(), protocols = listOf("TLSv1.3")).use { server ->
            LogCapture.capture { logs ->
                val message = rejected(server, server.url("localhost"), selfSigned)
                println("K3 CIO: $message")
                assertTrue(message.contains("TLS 1.2") && message.contains("HttpExporterConfig.engine"), message)
                assertEquals(1, server.connections.get(), "not retried")
                assertEquals(0, server.handshakes.get())
                val errors = logs.messages(Level.ERROR)
                assertEquals(1, errors.size, errors.toString())
                assertTrue(errors[0].contains("TLS 1.2") && errors[0].contains("localhost"), errors[0])
            }
        }
    }

    // Reliability matrix: K3
    @Test
    fun `the documented remedy - another engine - delivers over TLS 1_3`(): Unit = runBlocking {
        TlsServer(selfSigned.sslContext(), protocols = listOf("TLSv1.3")).use { server ->
            val context = SSLContext.getInstance("TLS").apply { init(null, arrayOf(selfSigned.trustManager()), null) }
            val engine = Java.create { config { sslContext(context) } }
            val exporter = Exporters.otlpHttp(server.url("localhost")) { this.engine = engine }
            assertEquals(ExportResult.Success, exporter.export(Spans.many(2)))
            exporter.shutdown()
            engine.close()
            assertEquals(listOf("TLSv1.3"), server.negotiated.distinct())
            assertEquals(1, server.bodies.size)
        }
    }

    @Test
    fun `trustManager with a caller's engine fails at build time`() {
        val engine = CIO.create()
        val error = assertFailsWith<IllegalArgumentException> {
            Exporters.otlpHttp("https://localhost:4318", HttpExporterConfig().trustManager(selfSigned.trustManager()).also { it.engine = engine })
        }
        engine.close()
        assertTrue(error.message!!.contains("trustManager"), error.message)
    }
}
