package dev.spanwise.tracing.testing

import io.ktor.http.ContentType
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.call
import io.ktor.server.cio.CIO
import io.ktor.server.engine.EmbeddedServer
import io.ktor.server.engine.embeddedServer
import io.ktor.server.request.httpMethod
import io.ktor.server.request.receive
import io.ktor.server.request.uri
import io.ktor.server.response.header
import io.ktor.server.response.respondBytes
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import kotlinx.coroutines.delay
import java.io.ByteArrayInputStream
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger
import java.util.zip.GZIPInputStream

/** One request the fake backend received. */
class ReceivedRequest(
    val path: String,
    val headers: Map<String, List<String>>,
    val rawBody: ByteArray,
    val nanoTime: Long,
) {
    fun header(name: String): String? = headers.entries.firstOrNull { it.key.equals(name, ignoreCase = true) }?.value?.firstOrNull()

    /** The body, inflated when it was gzip-encoded. */
    val body: String
        get() = if (header("Content-Encoding") ==
            "gzip"
        ) {
            GZIPInputStream(ByteArrayInputStream(rawBody)).readBytes().decodeToString()
        } else {
            rawBody.decodeToString()
        }
}

/** A canned answer. */
class Reply(
    val status: Int = 200,
    val body: ByteArray = "{}".encodeToByteArray(),
    val headers: Map<String, String> = emptyMap(),
    val delayMillis: Long = 0,
) {
    constructor(status: Int, body: String, headers: Map<String, String> = emptyMap(), delayMillis: Long = 0) :
        this(status, body.encodeToByteArray(), headers, delayMillis)
}

/**
 * A scripted backend on a real loopback socket (Ktor CIO server): answers POSTs with the queued
 * replies in order, then with [fallback]; records every request.
 */
class FakeReceiver(var fallback: (ReceivedRequest) -> Reply = { Reply() }) : AutoCloseable {
    val requests = CopyOnWriteArrayList<ReceivedRequest>()
    private val script = ConcurrentLinkedQueue<Reply>()
    private val active = AtomicInteger()
    val maxConcurrent = AtomicInteger()
    private val server: EmbeddedServer<*, *> = embeddedServer(CIO, port = 0, host = "127.0.0.1") {
        routing {
            post("{...}") {
                val now = active.incrementAndGet()
                maxConcurrent.accumulateAndGet(now) { a, b -> maxOf(a, b) }
                try {
                    val body = call.receive<ByteArray>()
                    val headers = call.request.headers.entries().associate { it.key to it.value }
                    val req = ReceivedRequest(call.request.uri, headers, body, System.nanoTime())
                    requests.add(req)
                    val reply = script.poll() ?: fallback(req)
                    if (reply.delayMillis > 0) delay(reply.delayMillis)
                    for ((k, v) in reply.headers) call.response.header(k, v)
                    call.respondBytes(reply.body, ContentType.Application.Json, HttpStatusCode.fromValue(reply.status))
                } finally {
                    active.decrementAndGet()
                }
            }
        }
    }.also { it.start(wait = false) }

    val port: Int = kotlinx.coroutines.runBlocking { server.engine.resolvedConnectors().first().port }

    val url: String get() = "http://127.0.0.1:$port"

    fun enqueue(vararg replies: Reply): FakeReceiver {
        script.addAll(replies)
        return this
    }

    fun statuses(vararg codes: Int): FakeReceiver = enqueue(*codes.map { Reply(it) }.toTypedArray())

    override fun close() {
        server.stop(0, 500)
    }

    @Suppress("unused")
    private fun methodOf(call: io.ktor.server.application.ApplicationCall) = call.request.httpMethod
}
