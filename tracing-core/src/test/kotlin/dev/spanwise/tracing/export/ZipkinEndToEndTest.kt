package dev.spanwise.tracing.export

import com.google.gson.JsonObject
import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.retrieval
import dev.spanwise.tracing.testing.OtlpJson
import dev.spanwise.tracing.tool
import dev.spanwise.tracing.traced
import kotlinx.coroutines.runBlocking
import java.io.File
import java.net.ServerSocket
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.concurrent.TimeUnit
import kotlin.test.AfterTest
import kotlin.test.BeforeTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/**
 * End to end against a real Zipkin server (io.zipkin:zipkin-server exec jar, fetched by the build):
 * export a traced agent run and read the trace back through Zipkin's API.
 */
class ZipkinEndToEndTest {
    private lateinit var process: Process
    private var port = 0
    private val http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()

    @BeforeTest
    fun startZipkin() {
        val jar = File(System.getProperty("spanwise.zipkin.jar") ?: "target/zipkin/zipkin-server.jar")
        check(jar.isFile) { "Zipkin server jar missing at $jar: run the build through generate-test-resources" }
        port = ServerSocket(0).use { it.localPort }
        val java = File(System.getProperty("java.home"), "bin/java").path
        val log = File(jar.parentFile, "zipkin-$port.log")
        process = ProcessBuilder(java, "-Xmx256m", "-jar", jar.path, "--armeria.ports[0].ip=127.0.0.1", "--armeria.ports[0].port=$port")
            .redirectErrorStream(true).redirectOutput(log).start()
        val started = System.nanoTime()
        while (true) {
            check(process.isAlive) { "Zipkin exited early; see $log" }
            val healthy = runCatching { get("/health").statusCode() == 200 }.getOrDefault(false)
            if (healthy) break
            check(System.nanoTime() - started < 90_000_000_000L) { "Zipkin not healthy after 90 s; see $log" }
            Thread.sleep(250)
        }
        println("Zipkin healthy on port $port after ${(System.nanoTime() - started) / 1_000_000} ms")
    }

    @AfterTest
    fun stopZipkin() {
        if (!::process.isInitialized) return
        process.destroy()
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS)
    }

    private fun get(path: String): HttpResponse<String> =
        http.send(HttpRequest.newBuilder(URI("http://127.0.0.1:$port$path")).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString())

    @Test
    fun `a traced agent run reads back from Zipkin with its parent links`(): Unit = runBlocking {
        val spans = Exporters.inMemory()
        val tracing = Tracing {
            serviceName = "support-bot"
            environment = "e2e"
            exporter = Exporters.composite(Exporters.zipkin("http://127.0.0.1:$port"), spans)
            pricing { model("gpt-4o", input = 2.5, output = 10.0) }
        }
        tracing.traced("support-agent", correlationId = "order-42") {
            retrieval("kb-search") { "docs" }
            llm("answer", provider = "openai", model = "gpt-4o") { usage(inputTokens = 120, outputTokens = 40) }
            tool("lookup") { "ok" }
        }
        val result = tracing.shutdown()
        assertEquals(4L, result.exported, "4 spans, each delivered to both exporters: $result")
        assertEquals(listOf(4L, 4L), result.destinations.map { it.exported }, "$result")
        val traceId = spans.spans.first().traceIdHex

        var trace = emptyList<JsonObject>()
        val deadline = System.nanoTime() + 10_000_000_000L
        while (trace.size < 4 && System.nanoTime() < deadline) {
            val response = get("/api/v2/trace/$traceId")
            if (response.statusCode() == 200) trace = OtlpJson.strictTree(response.body()).asJsonArray.map { it.asJsonObject }
            if (trace.size < 4) Thread.sleep(200)
        }
        assertEquals(4, trace.size, "spans stored by Zipkin: $trace")
        val byName = trace.associateBy { it["name"].asString }
        val agent = byName.getValue("support-agent")
        assertEquals(null, agent["parentId"])
        val agentId = agent["id"].asString
        for (child in listOf("kb-search", "answer", "lookup")) assertEquals(agentId, byName.getValue(child)["parentId"].asString, child)
        val answer = byName.getValue("answer")
        assertEquals("CLIENT", answer["kind"].asString)
        val tags = answer["tags"].asJsonObject
        assertEquals("openai", tags["gen_ai.provider.name"].asString)
        assertEquals("120", tags["gen_ai.usage.input_tokens"].asString)
        assertEquals("order-42", tags["spanwise.scope.correlation_id"].asString)
        assertEquals("support-bot", answer["localEndpoint"].asJsonObject["serviceName"].asString)
        val data = spans.single("answer")
        assertEquals(data.startEpochNanos / 1000, answer["timestamp"].asLong)
        assertTrue(answer["duration"].asLong >= 1)
    }
}
