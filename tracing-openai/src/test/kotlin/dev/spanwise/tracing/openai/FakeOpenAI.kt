package dev.spanwise.tracing.openai

import com.openai.client.OpenAIClient
import com.openai.client.OpenAIClientAsync
import com.openai.client.okhttp.OpenAIOkHttpClient
import com.openai.client.okhttp.OpenAIOkHttpClientAsync
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
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.contentOrNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.io.IOException
import java.time.Duration

/**
 * A loopback server that speaks OpenAI's wire format (JSON bodies, SSE streams) for chat
 * completions, responses and embeddings. The `x-fake-scenario` request header picks a script:
 * `tools`, `error-400|401|429|500`, `drop` (the connection breaks mid-stream), `slow` (2 s before
 * answering), `bad-usage` (a chat completion whose `prompt_tokens` is not a number).
 */
class FakeOpenAI : AutoCloseable {
    private val server: EmbeddedServer<*, *> = embeddedServer(CIO, port = 0, host = "127.0.0.1") {
        routing {
            post("/v1/chat/completions") { chat(call) }
            post("/v1/responses") { responses(call) }
            post("/v1/embeddings") { embeddings(call) }
        }
    }.start(wait = false)

    val port: Int = runBlocking { server.engine.resolvedConnectors().first().port }
    val baseUrl: String get() = "http://127.0.0.1:$port/v1"

    /** A real SDK client pointed at this server, without retries. */
    @JvmOverloads
    fun client(apiKey: String = API_KEY, timeout: Duration = Duration.ofSeconds(10)): OpenAIClient =
        OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(apiKey).maxRetries(0).timeout(timeout).build()

    /** A real async SDK client pointed at this server, without retries. */
    @JvmOverloads
    fun asyncClient(apiKey: String = API_KEY): OpenAIClientAsync =
        OpenAIOkHttpClientAsync.builder().baseUrl(baseUrl).apiKey(apiKey).maxRetries(0).timeout(Duration.ofSeconds(10)).build()

    override fun close() {
        server.stop(gracePeriodMillis = 0, timeoutMillis = 2_000)
    }

    private suspend fun request(call: ApplicationCall): Pair<JsonObject, String?> {
        val body = Json.parseToJsonElement(call.receiveText()).jsonObject
        return body to call.request.headers[SCENARIO]
    }

    private suspend fun scriptedError(call: ApplicationCall, scenario: String?): Boolean {
        if (scenario == "slow") delay(2_000)
        val key = call.request.headers["Authorization"]?.removePrefix("Bearer ")
        val (status, body) = Fixtures.error(scenario ?: return false, key) ?: return false
        call.respondText(body, ContentType.Application.Json, HttpStatusCode.fromValue(status))
        return true
    }

    private suspend fun chat(call: ApplicationCall) {
        val (body, scenario) = request(call)
        if (scriptedError(call, scenario)) return
        val model = body["model"]!!.jsonPrimitive.content
        val tools = scenario == "tools"
        if (body["stream"]?.jsonPrimitive?.booleanOrNull != true) {
            val body = Fixtures.chatCompletion(model, tools)
            call.respondText(
                if (scenario ==
                    "bad-usage"
                ) {
                    body.replace("\"prompt_tokens\":120", "\"prompt_tokens\":\"many\"")
                } else {
                    body
                },
                ContentType.Application.Json,
            )
            return
        }
        val includeUsage = (body["stream_options"] as? JsonObject)?.get("include_usage")?.jsonPrimitive?.booleanOrNull == true
        call.respondBytesWriter(ContentType.Text.EventStream) {
            for ((i, chunk) in Fixtures.chatChunks(model, includeUsage, tools).withIndex()) {
                if (scenario == "drop" && i == 2) dropConnection()
                event(null, chunk)
            }
            event(null, "[DONE]")
        }
    }

    private suspend fun responses(call: ApplicationCall) {
        val (body, scenario) = request(call)
        if (scriptedError(call, scenario)) return
        val model = body["model"]!!.jsonPrimitive.content
        if (body["stream"]?.jsonPrimitive?.booleanOrNull != true) {
            call.respondText(Fixtures.response(model, tools = scenario == "tools"), ContentType.Application.Json)
            return
        }
        call.respondBytesWriter(ContentType.Text.EventStream) {
            for ((i, pair) in Fixtures.responseEvents(model).withIndex()) {
                if (scenario == "drop" && i == 2) dropConnection()
                event(pair.first, pair.second)
            }
        }
    }

    private suspend fun embeddings(call: ApplicationCall) {
        val (body, scenario) = request(call)
        if (scriptedError(call, scenario)) return
        val input = body["input"]!!
        val count = if (input is kotlinx.serialization.json.JsonArray) input.jsonArray.size else 1
        call.respondText(Fixtures.embeddings(body["model"]!!.jsonPrimitive.contentOrNull!!, count), ContentType.Application.Json)
    }

    private suspend fun ByteWriteChannel.event(name: String?, data: String) {
        if (name != null) writeStringUtf8("event: $name\n")
        writeStringUtf8("data: $data\n\n")
        flush()
        delay(5)
    }

    private fun dropConnection(): Nothing = throw IOException("connection dropped by the fake server")

    companion object {
        const val API_KEY = "sk-test-7f3a9c2e5b1d4f8a0c6e2b9d"
        const val SCENARIO = "x-fake-scenario"
    }
}
