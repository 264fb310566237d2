package dev.spanwise.tracing.testing

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
                    bodies.add(HttpWire.readRequestBody(input) ?: return)
                    HttpWire.writeOk(it.getOutputStream())
                }
            }
        } catch (e: Exception) {
            // handshake refused or connection closed by the client
        }
    }

    override fun close() {
        socket.close()
        open.forEach { runCatching { it.close() } }
        acceptor.join(1000)
    }
}
