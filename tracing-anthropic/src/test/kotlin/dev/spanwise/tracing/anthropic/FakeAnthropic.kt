package dev.spanwise.tracing.anthropic

import io.ktor.http.ContentType
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.ApplicationCall
import io.ktor.server.cio.CIO
import io.ktor.server.engine.EmbeddedServer
import io.ktor.server.engine.embeddedServer
import io.ktor.server.request.receiveText
import io.ktor.server.response.respondBytesWriter
import io.ktor.server.response.respondText
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import io.ktor.utils.io.ByteWriteChannel
import io.ktor.utils.io.writeStringUtf8
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicInteger

/**
 * A loopback server speaking Anthropic's Messages API wire format: `POST /v1/messages` answers
 * with the scenario named in the request's `x-scenario` header (see [Scenario]) as a JSON message,
 * an error body or an SSE stream shaped like Anthropic's.
 */
class FakeAnthropic : AutoCloseable {
    /** Requests received so far. */
    val requests = AtomicInteger()

    /** The `Authorization` / `x-api-key` values received (to prove where the key goes). */
    val credentials = ConcurrentLinkedQueue<String>()

    /** Request bodies received. */
    val bodies = ConcurrentLinkedQueue<String>()

    private val server: EmbeddedServer<*, *> =
        embeddedServer(CIO, port = 0, host = "127.0.0.1") {
            routing {
                post("/v1/messages") { answer(call) }
            }
        }.start(wait = false)

    /** The base URL to give the SDK. */
    val url: String = "http://127.0.0.1:" + runBlocking { server.engine.resolvedConnectors().first().port }

    private suspend fun answer(call: ApplicationCall) {
        requests.incrementAndGet()
        call.request.headers["Authorization"]?.let { credentials += it }
        call.request.headers["x-api-key"]?.let { credentials += it }
        bodies += call.receiveText()
        when (val scenario = call.request.headers[SCENARIO_HEADER] ?: Scenario.TEXT) {
            Scenario.TEXT -> json(call, HttpStatusCode.OK, AnthropicWire.textMessage())
            Scenario.TOOL_USE -> json(call, HttpStatusCode.OK, AnthropicWire.toolUseMessage())
            Scenario.NO_USAGE -> json(call, HttpStatusCode.OK, AnthropicWire.messageWithoutUsage())
            Scenario.SLOW -> {
                delay(3_000)
                json(call, HttpStatusCode.OK, AnthropicWire.textMessage())
            }
            Scenario.STREAM -> sse(call, AnthropicWire.streamEvents())
            Scenario.STREAM_ERROR_EVENT -> sse(call, AnthropicWire.streamEvents().take(3) + AnthropicWire.errorEvent())
            Scenario.STREAM_DROPPED -> sse(call, AnthropicWire.streamEvents().take(4), drop = true)
            Scenario.STREAM_TRUNCATED -> sse(call, AnthropicWire.streamEvents().take(4))
            else -> {
                val status = scenario.removePrefix("error-").toInt()
                json(call, HttpStatusCode.fromValue(status), AnthropicWire.errorBody(status))
            }
        }
    }

    private suspend fun json(call: ApplicationCall, status: HttpStatusCode, body: String) {
        call.response.headers.append("request-id", "req_test_1")
        call.respondText(body, ContentType.Application.Json, status)
    }

    private suspend fun sse(call: ApplicationCall, events: List<Pair<String, String>>, drop: Boolean = false) {
        call.respondBytesWriter(ContentType.Text.EventStream) {
            for ((name, data) in events) {
                event(this, name, data)
                delay(5)
            }
            if (drop) throw IllegalStateException("connection dropped by the test server")
        }
    }

    private suspend fun event(channel: ByteWriteChannel, name: String, data: String) {
        channel.writeStringUtf8("event: $name\ndata: $data\n\n")
        channel.flush()
    }

    override fun close() {
        server.stop(gracePeriodMillis = 0, timeoutMillis = 2_000)
    }

    companion object {
        /** The request header that picks the answer. */
        const val SCENARIO_HEADER = "x-scenario"
    }
}

/** The answers [FakeAnthropic] knows; `error-<status>` answers with Anthropic's error body for that status. */
object Scenario {
    const val TEXT = "text"
    const val TOOL_USE = "tool-use"
    const val NO_USAGE = "no-usage"
    const val SLOW = "slow"
    const val STREAM = "stream"
    const val STREAM_ERROR_EVENT = "stream-error-event"
    const val STREAM_DROPPED = "stream-dropped"
    const val STREAM_TRUNCATED = "stream-truncated"

    @JvmStatic
    fun error(status: Int): String = "error-$status"
}
