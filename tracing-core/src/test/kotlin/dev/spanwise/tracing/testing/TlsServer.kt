package dev.spanwise.tracing.testing

import java.io.ByteArrayOutputStream
import java.io.InputStream
import java.net.InetAddress
import java.net.Socket
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLServerSocket
import javax.net.ssl.SSLSocket
import kotlin.concurrent.thread

/**
 * A real HTTPS/1.1 server on 127.0.0.1 (JDK TLS), answering every POST with `200 {}`: counts
 * TCP connections, completed handshakes and requests, and can be restricted to [protocols].
 */
class TlsServer(context: SSLContext, protocols: List<String>? = null) : AutoCloseable {
    private val socket = context.serverSocketFactory.createServerSocket(0, 50, InetAddress.getLoopbackAddress()) as SSLServerSocket
    val port: Int = socket.localPort

    /** TCP connections accepted. */
    val connections = AtomicInteger()

    /** TLS handshakes that completed. */
    val handshakes = AtomicInteger()

    /** Protocol of each completed handshake, e.g. `TLSv1.3`. */
    val negotiated = CopyOnWriteArrayList<String>()

    /** Request bodies, in arrival order. */
    val bodies = CopyOnWriteArrayList<String>()
    private val open = CopyOnWriteArrayList<Socket>()

    init {
        if (protocols != null) socket.enabledProtocols = protocols.toTypedArray()
    }

    fun url(host: String = "127.0.0.1"): String = "https://$host:$port"

    private val acceptor = thread(isDaemon = true, name = "tls-server-$port") {
        while (!socket.isClosed) {
            val s = try {
                socket.accept() as SSLSocket
            } catch (e: Exception) {
                break
            }
            connections.incrementAndGet()
            open.add(s)
            thread(isDaemon = true) { serve(s) }
        }
    }

    private fun serve(s: SSLSocket) {
        try {
            s.use {
                it.soTimeout = 10_000
                it.startHandshake()
                handshakes.incrementAndGet()
                negotiated.add(it.session.protocol)
                val input = it.getInputStream()
                while (true) {
                    bodies.add(readRequest(input) ?: return)
                    it.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}".toByteArray())
                    it.getOutputStream().flush()
                }
            }
        } catch (e: Exception) {
            // handshake refused or connection closed by the client
        }
    }

    private fun readRequest(input: InputStream): String? {
        val head = ByteArrayOutputStream()
        var last4 = 0
        while (last4 != 0x0d0a0d0a) {
            val b = input.read()
            if (b < 0) return null
            head.write(b)
            last4 = (last4 shl 8) or b
        }
        val length = Regex("(?im)^content-length:\\s*(\\d+)").find(head.toString(Charsets.ISO_8859_1))?.groupValues?.get(1)?.toInt() ?: 0
        val body = ByteArray(length)
        var read = 0
        while (read < length) {
            val n = input.read(body, read, length - read)
            if (n < 0) return null
            read += n
        }
        return body.decodeToString()
    }

    override fun close() {
        socket.close()
        open.forEach { runCatching { it.close() } }
        acceptor.join(1000)
    }
}
