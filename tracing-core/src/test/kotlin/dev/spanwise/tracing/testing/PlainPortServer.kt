package dev.spanwise.tracing.testing

import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger
import kotlin.concurrent.thread

/**
 * A plain-TCP port for `https://` clients to meet: [answerHttp] answers whatever arrives with an
 * HTTP/1.1 400 (what a plain-HTTP server says to a TLS ClientHello) and closes; otherwise the
 * port reads and never answers, as a handshake that hangs.
 */
class PlainPortServer(private val answerHttp: Boolean) : AutoCloseable {
    private val socket = ServerSocket(0, 50, InetAddress.getLoopbackAddress())
    val port: Int = socket.localPort

    /** TCP connections accepted. */
    val connections = AtomicInteger()
    private val open = CopyOnWriteArrayList<Socket>()

    fun httpsUrl(host: String = "127.0.0.1"): String = "https://$host:$port"

    private val acceptor = thread(isDaemon = true, name = "plain-port-$port") {
        while (!socket.isClosed) {
            val s = try {
                socket.accept()
            } catch (e: Exception) {
                break
            }
            connections.incrementAndGet()
            open.add(s)
            thread(isDaemon = true) { serve(s) }
        }
    }

    private fun serve(s: Socket) {
        try {
            s.use {
                val input = it.getInputStream()
                if (input.read(ByteArray(4096)) < 0) return
                if (answerHttp) {
                    val body = "<html><body>400 Bad Request</body></html>"
                    it.getOutputStream().write(
                        (
                            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: ${body.length}\r\n" +
                                "Connection: close\r\n\r\n$body"
                            ).toByteArray(),
                    )
                    it.getOutputStream().flush()
                } else {
                    while (input.read(ByteArray(4096)) >= 0) {
                        // never answer
                    }
                }
            }
        } catch (e: Exception) {
            // closed by the client
        }
    }

    override fun close() {
        socket.close()
        open.forEach { runCatching { it.close() } }
        acceptor.join(1000)
    }
}
