package dev.spanwise.tracing.testing

import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.concurrent.thread

/**
 * A socket-level fake for faults Ktor's server cannot script: per connection, a [Behaviour]
 * decides to answer, to close after reading the request, or to hang.
 */
class RawServer(private val behaviours: List<Behaviour>, private val fallback: Behaviour = Behaviour.RESPOND_200) : AutoCloseable {
    enum class Behaviour { RESPOND_200, DISCONNECT_AFTER_REQUEST, NO_RESPONSE }

    private val socket = ServerSocket(0, 50, InetAddress.getLoopbackAddress())
    val port: Int = socket.localPort
    val url: String = "http://127.0.0.1:$port"

    /** Request bodies, in arrival order. */
    val bodies = CopyOnWriteArrayList<String>()
    private val open = CopyOnWriteArrayList<Socket>()

    private val acceptor = thread(isDaemon = true, name = "raw-server-$port") {
        var n = 0
        while (!socket.isClosed) {
            val s = try {
                socket.accept()
            } catch (e: Exception) {
                break
            }
            open.add(s)
            val behaviour = behaviours.getOrElse(n++) { fallback }
            thread(isDaemon = true) { serve(s, behaviour) }
        }
    }

    private fun serve(s: Socket, behaviour: Behaviour) {
        try {
            s.use {
                val input = it.getInputStream()
                while (true) {
                    val body = HttpWire.readRequestBody(input) ?: return
                    bodies.add(body)
                    when (behaviour) {
                        Behaviour.DISCONNECT_AFTER_REQUEST -> return
                        Behaviour.NO_RESPONSE -> {
                            Thread.sleep(30_000)
                            return
                        }
                        Behaviour.RESPOND_200 -> {
                            HttpWire.writeOk(it.getOutputStream())
                        }
                    }
                }
            }
        } catch (e: Exception) {
            // connection closed by the client
        }
    }

    override fun close() {
        socket.close()
        open.forEach { runCatching { it.close() } }
        acceptor.join(1000)
    }
}
