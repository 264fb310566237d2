package dev.spanwise.samples.anthropic

import io.ktor.http.ContentType
import io.ktor.server.cio.CIO
import io.ktor.server.engine.EmbeddedServer
import io.ktor.server.engine.embeddedServer
import io.ktor.server.request.receiveText
import io.ktor.server.response.respondBytesWriter
import io.ktor.server.response.respondText
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import io.ktor.utils.io.writeStringUtf8
import kotlinx.coroutines.runBlocking

/**
 * A stand-in for Anthropic's Messages API on 127.0.0.1 (no network, no key): answers a plain
 * request with a `tool_use` message when the conversation has no tool result yet, then with a text
 * answer; a `"stream": true` request with an SSE stream shaped like Anthropic's.
 */
class FakeAnthropicServer : AutoCloseable {
    private val server: EmbeddedServer<*, *> =
        embeddedServer(CIO, port = 0, host = "127.0.0.1") {
            routing {
                post("/v1/messages") {
                    val body = call.receiveText()
                    when {
                        body.contains("\"stream\":true") ->
                            call.respondBytesWriter(ContentType.Text.EventStream) {
                                for ((event, data) in STREAM) {
                                    writeStringUtf8("event: $event\ndata: $data\n\n")
                                    flush()
                                }
                            }
                        body.contains("tool_result") -> call.respondText(ANSWER, ContentType.Application.Json)
                        else -> call.respondText(TOOL_USE, ContentType.Application.Json)
                    }
                }
            }
        }.start(wait = false)

    /** The base URL to give the SDK's `baseUrl(…)`. */
    val url: String = "http://127.0.0.1:" + runBlocking { server.engine.resolvedConnectors().first().port }

    override fun close() {
        server.stop(gracePeriodMillis = 0, timeoutMillis = 2_000)
    }

    private companion object {
        const val MODEL = "claude-sonnet-4-20250514"

        val TOOL_USE =
            """{"id":"msg_01","type":"message","role":"assistant","model":"$MODEL",""" +
                """"content":[{"type":"tool_use","id":"toolu_01","name":"order_status","input":{"order":"1042"},"caller":{"type":"direct"}}],""" +
                """"stop_reason":"tool_use","stop_sequence":null,""" +
                """"usage":{"input_tokens":420,"output_tokens":38,"cache_read_input_tokens":1800,"cache_creation_input_tokens":0}}"""

        val ANSWER =
            """{"id":"msg_02","type":"message","role":"assistant","model":"$MODEL",""" +
                """"content":[{"type":"text","text":"Order 1042 shipped yesterday; a refund for the damage is on its way."}],""" +
                """"stop_reason":"end_turn","stop_sequence":null,""" +
                """"usage":{"input_tokens":510,"output_tokens":24,"cache_read_input_tokens":1800,"cache_creation_input_tokens":0}}"""

        val STREAM =
            listOf(
                "message_start" to
                    """{"type":"message_start","message":{"id":"msg_03","type":"message","role":"assistant","model":"$MODEL","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":95,"output_tokens":1,"cache_read_input_tokens":0,"cache_creation_input_tokens":0}}}""",
                "content_block_start" to """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
                "content_block_delta" to """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Thanks for your patience"}}""",
                "content_block_delta" to """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" — we are on it."}}""",
                "content_block_stop" to """{"type":"content_block_stop","index":0}""",
                "message_delta" to """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":12}}""",
                "message_stop" to """{"type":"message_stop"}""",
            )
    }
}
