package dev.spanwise.tracing.export

import com.google.gson.JsonObject
import com.google.gson.JsonParser
import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.ConsoleExporter
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.exporters.internal.encode.TwoSignalEncoder
import dev.spanwise.tracing.exporters.internal.encode.ZipkinJsonEncoder
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.testing.FakeReceiver
import dev.spanwise.tracing.testing.OtlpJson
import dev.spanwise.tracing.tool
import dev.spanwise.tracing.traced
import io.opentelemetry.proto.common.v1.AnyValue
import kotlinx.coroutines.runBlocking
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/** The agent model on every wire: one golden trace with every new field, checked per format. */
class AgentModelWireTest {
    private val receiver = FakeReceiver()

    @AfterTest
    fun stop() = receiver.close()

    private fun recordRun(exporter: SpanExporter = Exporters.inMemory()): List<SpanData> = runBlocking {
        val memory = Exporters.inMemory()
        val tracing = Tracing {
            serviceName = "support-bot"
            this.exporter = Exporters.composite(memory, exporter)
            captureContent = true
        }
        tracing.traced("support-agent") {
            session("s-1")
            user("u-7")
            tags("beta", "vip")
            metadata("plan", "pro")
            metadata("seats", 3)
            input("where is my order?")
            tool("lookup") {
                input("order 42")
                output("shipped")
                warning("cache miss")
            }
            llm("answer", provider = "openai", model = "gpt-4o") {
                request(
                    temperature = 0.2, topP = 0.9, topK = 40, maxTokens = 512, seed = 7, stopSequences = listOf("END"),
                    frequencyPenalty = 0.1, presencePenalty = 0.3, stream = true, choiceCount = 1,
                )
                responseId("chatcmpl-1")
                prompt("support-answer", version = "3", variables = mapOf("tone" to "friendly"))
                input("prompt text")
                output("It shipped.")
                usage(10, 5)
            }
            output("It shipped.")
        }
        tracing.shutdown()
        memory.spans
    }

    private fun attrs(span: io.opentelemetry.proto.trace.v1.Span): Map<String, AnyValue> = span.attributesList.associate { it.key to it.value }

    @Test
    fun `golden OTLP payload parses with the official schema and carries the OpenTelemetry, Langfuse and OpenInference keys`(): Unit =
        runBlocking {
            val data = recordRun()
            val exporter = Exporters.otlpHttp(receiver.url)
            assertEquals(ExportResult.Success, exporter.export(data))
            exporter.shutdown()
            val spans = OtlpJson.parseRequest(receiver.requests.single().body)
                .resourceSpansList.single().scopeSpansList.single().spansList.associateBy { it.name }

            for (name in listOf("support-agent", "lookup", "answer")) {
                val a = attrs(spans.getValue(name))
                assertEquals("s-1", a.getValue("gen_ai.conversation.id").stringValue, name)
                assertEquals("s-1", a.getValue("session.id").stringValue, name)
                assertEquals("s-1", a.getValue("langfuse.session.id").stringValue, name)
                assertEquals("u-7", a.getValue("user.id").stringValue, name)
                assertEquals("u-7", a.getValue("langfuse.user.id").stringValue, name)
                assertEquals(listOf("beta", "vip"), a.getValue("langfuse.trace.tags").arrayValue.valuesList.map { it.stringValue })
                assertEquals(listOf("beta", "vip"), a.getValue("spanwise.tags").arrayValue.valuesList.map { it.stringValue })
                assertEquals("pro", a.getValue("langfuse.trace.metadata.plan").stringValue)
                assertEquals(3L, a.getValue("langfuse.trace.metadata.seats").intValue)
            }
            val agent = attrs(spans.getValue("support-agent"))
            assertEquals("where is my order?", agent.getValue("input.value").stringValue)
            assertEquals("It shipped.", agent.getValue("output.value").stringValue)
            assertFalse(agent.containsKey("spanwise.level"))

            val tool = attrs(spans.getValue("lookup"))
            assertEquals("order 42", tool.getValue("input.value").stringValue)
            assertEquals("shipped", tool.getValue("output.value").stringValue)
            assertEquals("WARNING", tool.getValue("spanwise.level").stringValue)
            assertEquals("cache miss", tool.getValue("spanwise.level.message").stringValue)
            assertEquals("WARNING", tool.getValue("langfuse.observation.level").stringValue)

            val llm = attrs(spans.getValue("answer"))
            assertEquals(0.2, llm.getValue("gen_ai.request.temperature").doubleValue)
            assertEquals(0.9, llm.getValue("gen_ai.request.top_p").doubleValue)
            assertEquals(40L, llm.getValue("gen_ai.request.top_k").intValue)
            assertEquals(512L, llm.getValue("gen_ai.request.max_tokens").intValue)
            assertEquals(7L, llm.getValue("gen_ai.request.seed").intValue)
            assertEquals(listOf("END"), llm.getValue("gen_ai.request.stop_sequences").arrayValue.valuesList.map { it.stringValue })
            assertEquals(0.1, llm.getValue("gen_ai.request.frequency_penalty").doubleValue)
            assertEquals(0.3, llm.getValue("gen_ai.request.presence_penalty").doubleValue)
            assertTrue(llm.getValue("gen_ai.request.stream").boolValue)
            assertEquals(1L, llm.getValue("gen_ai.request.choice.count").intValue)
            assertEquals("chatcmpl-1", llm.getValue("gen_ai.response.id").stringValue)
            assertEquals("support-answer", llm.getValue("gen_ai.prompt.name").stringValue)
            assertEquals("3", llm.getValue("spanwise.prompt.version").stringValue)
            assertEquals("friendly", JsonParser.parseString(llm.getValue("spanwise.prompt.variables").stringValue).asJsonObject["tone"].asString)
            assertEquals("prompt text", llm.getValue("input.value").stringValue)
            assertEquals("It shipped.", llm.getValue("output.value").stringValue)
        }

    @Test
    fun `JSON Lines shares the OTLP keys`() {
        val file = java.nio.file.Files.createTempFile("spanwise-model", ".jsonl")
        recordRun(Exporters.jsonLines(file))
        val text = file.toFile().readText()
        file.toFile().delete()
        assertTrue(text.contains("\"gen_ai.conversation.id\""), text)
        assertTrue(text.contains("\"langfuse.trace.tags\""))
        assertTrue(text.contains("\"gen_ai.request.temperature\""))
    }

    @Test
    fun `Zipkin carries session, user, tags, level and request parameters as tags`() {
        val data = recordRun()
        val spans = JsonParser.parseString(ZipkinJsonEncoder.encode(data).decodeToString()).asJsonArray
            .map { it.asJsonObject }.associateBy { it["name"].asString }
        val agent = spans.getValue("support-agent")["tags"].asJsonObject
        assertEquals("s-1", agent["session.id"].asString)
        assertEquals("u-7", agent["user.id"].asString)
        assertEquals("beta,vip", agent["spanwise.tags"].asString)
        assertEquals("WARNING", spans.getValue("lookup")["tags"].asJsonObject["spanwise.level"].asString)
        assertEquals("0.2", spans.getValue("answer")["tags"].asJsonObject["gen_ai.request.temperature"].asString)
    }

    @Test
    fun `2Signal trace-create carries tags and metadata, span-create any span's input and output`() {
        val data = recordRun()
        val body = JsonParser.parseString(TwoSignalEncoder.body(TwoSignalEncoder.events(data)).decodeToString()).asJsonObject
        val events = body["batch"].asJsonArray.map { it.asJsonObject }
        val trace = events.single { it["type"].asString == "trace-create" }["body"].asJsonObject
        assertEquals(listOf("beta", "vip"), trace["tags"].asJsonArray.map { it.asString })
        val metadata = trace["metadata"].asJsonObject
        assertEquals("s-1", metadata["session_id"].asString)
        assertEquals("u-7", metadata["user_id"].asString)
        assertEquals("pro", metadata["plan"].asString)
        assertEquals(3, metadata["seats"].asInt)
        val tool: JsonObject = events.map { it["body"].asJsonObject }.single { it["name"].asString == "lookup" }
        assertEquals("order 42", tool["input"].asString)
        assertEquals("shipped", tool["output"].asString)
        assertEquals("WARNING", tool["metadata"].asJsonObject["spanwise.level"].asString)
    }

    @Test
    fun `Tracentic carries identity, level, scope content and request parameters`(): Unit = runBlocking {
        val data = recordRun()
        val exporter = Exporters.tracentic("tk-1", receiver.url)
        assertEquals(ExportResult.Success, exporter.export(data))
        exporter.shutdown()
        val spans = OtlpJson.parseBase64Request(receiver.requests.single().body)
            .resourceSpansList.single().scopeSpansList.single().spansList.associateBy { it.name }
        val agent = attrs(spans.getValue("support-agent"))
        assertEquals("s-1", agent.getValue("session.id").stringValue)
        assertEquals("u-7", agent.getValue("user.id").stringValue)
        assertEquals("where is my order?", agent.getValue("input.value").stringValue)
        assertEquals("WARNING", attrs(spans.getValue("lookup")).getValue("spanwise.level").stringValue)
        val llm = attrs(spans.getValue("answer"))
        assertEquals("prompt text", llm.getValue("llm.input").stringValue)
        assertEquals(512L, llm.getValue("gen_ai.request.max_tokens").intValue)
        assertEquals("chatcmpl-1", llm.getValue("gen_ai.response.id").stringValue)
    }

    @Test
    fun `console shows session and tags on the root line and marks WARNING`() {
        val out = ByteArrayOutputStream()
        recordRun(ConsoleExporter(PrintStream(out, true, "UTF-8")))
        val lines = out.toString("UTF-8").lines().filter { it.isNotBlank() }
        assertTrue(lines[0].contains("● support-agent"), lines[0])
        assertTrue(lines[0].contains("session s-1"), lines[0])
        assertTrue(lines[0].contains("tags beta,vip"), lines[0])
        val tool = lines.single { it.contains("TOOL lookup") }
        assertTrue(tool.contains("WARNING: cache miss"), tool)
        assertFalse(lines.single { it.contains("AGENT support-agent") }.contains("WARNING"))
    }
}
