package dev.spanwise.samples.openai

import io.ktor.http.ContentType
import io.ktor.server.application.ApplicationCall
import io.ktor.server.cio.CIO
import io.ktor.server.engine.EmbeddedServer
import io.ktor.server.engine.embeddedServer
import io.ktor.server.request.receiveText
import io.ktor.server.response.respondBytesWriter
import io.ktor.server.response.respondText
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import io.ktor.utils.io.writeStringUtf8
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking

/**
 * A loopback stand-in for the OpenAI API, so the sample runs without a key or a network: chat
 * completions (a JSON answer, or an SSE stream whose last chunk carries the usage) and embeddings,
 * shaped like OpenAI's API reference.
 */
public class FakeOpenAIServer : AutoCloseable {
    private val server: EmbeddedServer<*, *> = embeddedServer(CIO, port = 0, host = "127.0.0.1") {
        routing {
            post("/v1/chat/completions") { chat(call) }
            post("/v1/embeddings") { call.respondText(EMBEDDINGS, ContentType.Application.Json) }
        }
    }.start(wait = false)

    /** The base URL to give the SDK: `http://127.0.0.1:<port>/v1`. */
    public val baseUrl: String = "http://127.0.0.1:${runBlocking { server.engine.resolvedConnectors().first().port }}/v1"

    override fun close() {
        server.stop(gracePeriodMillis = 0, timeoutMillis = 2_000)
    }

    private suspend fun chat(call: ApplicationCall) {
        val streamed = call.receiveText().replace(" ", "").contains("\"stream\":true")
        if (!streamed) {
            call.respondText(COMPLETION, ContentType.Application.Json)
            return
        }
        call.respondBytesWriter(ContentType.Text.EventStream) {
            for (word in listOf("Your ", "order ", "ships ", "tomorrow.")) {
                writeStringUtf8("data: ${chunk("""[{"index":0,"delta":{"content":"$word"},"finish_reason":null}]""", "null")}\n\n")
                flush()
                delay(20)
            }
            writeStringUtf8("data: ${chunk("""[{"index":0,"delta":{},"finish_reason":"stop"}]""", "null")}\n\n")
            writeStringUtf8("data: ${chunk("[]", USAGE)}\n\n")
            writeStringUtf8("data: [DONE]\n\n")
        }
    }

    private companion object {
        const val USAGE = """{"prompt_tokens":250,"completion_tokens":30,"total_tokens":280,""" +
            """"prompt_tokens_details":{"cached_tokens":200},"completion_tokens_details":{"reasoning_tokens":0}}"""
        const val COMPLETION = """{"id":"chatcmpl-1","object":"chat.completion","created":1741570283,"model":"gpt-4o-mini-2024-07-18",""" +
            """"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",""" +
            """"function":{"name":"order_status","arguments":"{\"order\":\"42\"}"}}]},"finish_reason":"tool_calls"}],""" +
            """"usage":$USAGE}"""
        const val EMBEDDINGS = """{"object":"list","data":[{"object":"embedding","index":0,"embedding":"AAAAAAAAgD4AAAA/AABAPw=="}],""" +
            """"model":"text-embedding-3-small","usage":{"prompt_tokens":6,"total_tokens":6}}"""

        fun chunk(choices: String, usage: String) =
            """{"id":"chatcmpl-2","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini-2024-07-18","choices":$choices,"usage":$usage}"""
    }
}
