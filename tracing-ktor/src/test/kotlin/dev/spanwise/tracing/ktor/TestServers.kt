package dev.spanwise.tracing.ktor

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.InMemoryExporter
import io.ktor.server.application.Application
import io.ktor.server.cio.CIO
import io.ktor.server.engine.EmbeddedServer
import io.ktor.server.engine.embeddedServer
import kotlinx.coroutines.runBlocking
import java.io.ByteArrayOutputStream
import java.net.InetSocketAddress
import java.net.Socket
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

/** A real CIO server on 127.0.0.1 and a free port; [close] stops it. */
class TestServer(module: Application.() -> Unit) : AutoCloseable {
    val server: EmbeddedServer<*, *> = embeddedServer(CIO, port = 0, host = "127.0.0.1", module = module).start(wait = false)
    val port: Int = runBlocking { server.engine.resolvedConnectors().first().port }
    val url: String get() = "http://127.0.0.1:$port"
    val application: Application get() = server.application

    override fun close() {
        server.stop(gracePeriodMillis = 0, timeoutMillis = 2_000)
    }
}

/** A service under test: its own Tracing with an in-memory exporter. */
class TestService(name: String, propagateUserId: Boolean = false) {
    val spans = InMemoryExporter()
    val tracing: Tracing = Tracing {
        serviceName = name
        exporter = spans
        registerShutdownHook = false
        this.propagateUserId = propagateUserId
    }
}

/**
 * Sends [head] (request line and header lines, joined with CRLF, as raw bytes) over a plain socket,
 * so that tests can put on the wire what no HTTP client would send. Returns the raw response.
 */
fun rawRequest(port: Int, head: ByteArray): String {
    Socket().use { socket ->
        socket.soTimeout = 10_000
        socket.connect(InetSocketAddress("127.0.0.1", port), 5_000)
        socket.getOutputStream().apply {
            write(head)
            flush()
        }
        val out = ByteArrayOutputStream()
        socket.getInputStream().copyTo(out)
        return out.toString(Charsets.ISO_8859_1)
    }
}

/** A GET with the given extra header lines, each written as raw bytes (UTF-8 for non-ASCII). */
fun rawGet(port: Int, path: String, vararg headerLines: String): String {
    val text = buildString {
        append("GET ").append(path).append(" HTTP/1.1\r\n")
        append("Host: 127.0.0.1:").append(port).append("\r\n")
        append("Connection: close\r\n")
        for (line in headerLines) append(line).append("\r\n")
        append("\r\n")
    }
    return rawRequest(port, text.toByteArray(Charsets.UTF_8))
}

/** The status code of a raw HTTP response. */
fun statusOf(response: String): Int = response.substringAfter(' ').take(3).toInt()

/** The SLF4J log written by the test JVM (see the surefire configuration). */
val testLog: Path = Paths.get(System.getProperty("org.slf4j.simpleLogger.logFile") ?: "target/test-slf4j.log")

fun testLogText(): String = if (Files.exists(testLog)) String(Files.readAllBytes(testLog), Charsets.UTF_8) else ""

/** Flushes [service] until at least [count] spans arrived (or 10 s passed) and returns them. */
fun awaitSpans(service: TestService, count: Int): List<dev.spanwise.tracing.model.SpanData> = runBlocking {
    val deadline = System.nanoTime() + 10_000_000_000L
    while (service.spans.spans.size < count && System.nanoTime() < deadline) {
        service.tracing.flush()
        if (service.spans.spans.size < count) kotlinx.coroutines.delay(10)
    }
    service.spans.spans
}
