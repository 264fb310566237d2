package dev.spanwise.tracing.export

import com.google.gson.JsonParser
import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.ConsoleExporter
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.exporters.internal.encode.GenAiVocabulary
import dev.spanwise.tracing.exporters.internal.encode.OtlpJsonEncoder
import dev.spanwise.tracing.exporters.internal.encode.SemconvOptIn
import dev.spanwise.tracing.exporters.internal.encode.TwoSignalEncoder
import dev.spanwise.tracing.exporters.internal.encode.ZipkinJsonEncoder
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.retrieval
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
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * Tool calls on every wire: an LLM response asks for two tools, a TOOL span executes one of them and
 * links back; agent, tool and retrieval scopes carry their GenAI operation names.
 */
class ToolCallsWireTest {
    private val receiver = FakeReceiver()

    @AfterTest
    fun stop() {
        receiver.close()
        SemconvOptIn.genAiLatestOnly = false
    }

    private fun recordRun(captureContent: Boolean = true, exporter: SpanExporter = Exporters.inMemory()): List<SpanData> = runBlocking {
        val memory = Exporters.inMemory()
        val tracing = Tracing {
            serviceName = "support-bot"
            this.exporter = Exporters.composite(memory, exporter)
            this.captureContent = captureContent
        }
        tracing.traced("support-agent") {
            retrieval("kb-search") {}
            llm("plan", provider = "anthropic", model = "claude-sonnet-4") {
                usage(inputTokens = 100, outputTokens = 20, cacheReadTokens = 60, cacheWriteTokens = 30)
                toolCall("toolu_01", "lookup_order", """{"order":1042}""")
                toolCall("toolu_02", "refund", """{"amount":12.5}""")
                finishReasons("tool_use")
            }
            tool("lookup_order", callId = "toolu_01") {
                input("""{"order":1042}""")
                output("shipped")
            }
        }
        tracing.shutdown()
        memory.spans
    }

    private fun attrs(span: io.opentelemetry.proto.trace.v1.Span): Map<String, AnyValue> = span.attributesList.associate { it.key to it.value }

    @Test
    fun `the tool span carries the call id and links to the LLM span that asked for it`() {
        val spans = recordRun().associateBy { it.name }
        val plan = spans.getValue("plan")
        val tool = spans.getValue("lookup_order")
        assertEquals(listOf("toolu_01", "toolu_02"), plan.llm!!.toolCalls.map { it.id })
        assertEquals(listOf("lookup_order", "refund"), plan.llm!!.toolCalls.map { it.name })
        assertEquals("""{"order":1042}""", plan.llm!!.toolCalls[0].arguments)
        assertEquals(ScopeKind.TOOL, tool.kind)
        assertEquals("toolu_01", tool.toolCallId)
        val link = tool.links.single()
        assertEquals(plan.spanId, link.spanId)
        assertEquals(plan.traceIdHex, link.traceIdHex)
        assertEquals("tool_call", link.reason)
    }

    @Test
    fun `golden OTLP payload with links parses with the official schema`(): Unit = runBlocking {
        val data = recordRun()
        val exporter = Exporters.otlpHttp(receiver.url)
        assertEquals(ExportResult.Success, exporter.export(data))
        exporter.shutdown()
        val spans = OtlpJson.parseRequest(receiver.requests.single().body)
            .resourceSpansList.single().scopeSpansList.single().spansList.associateBy { it.name }
        val plan = spans.getValue("plan")
        val tool = spans.getValue("lookup_order")
        val link = tool.linksList.single()
        assertEquals(plan.spanId, link.spanId)
        assertEquals(plan.traceId, link.traceId)
        assertEquals("tool_call", link.attributesList.single { it.key == "spanwise.link.reason" }.value.stringValue)

        val t = attrs(tool)
        assertEquals("execute_tool", t.getValue("gen_ai.operation.name").stringValue)
        assertEquals("lookup_order", t.getValue("gen_ai.tool.name").stringValue)
        assertEquals("toolu_01", t.getValue("gen_ai.tool.call.id").stringValue)
        assertEquals("""{"order":1042}""", t.getValue("gen_ai.tool.call.arguments").stringValue)
        assertEquals("shipped", t.getValue("gen_ai.tool.call.result").stringValue)
        assertTrue(t.getValue("spanwise.tool.call.llm_scope_id").stringValue.endsWith(data.single { it.name == "plan" }.spanIdHex))

        val calls = JsonParser.parseString(attrs(plan).getValue("spanwise.tool_calls").stringValue).asJsonArray.map { it.asJsonObject }
        assertEquals(listOf("toolu_01", "toolu_02"), calls.map { it["id"].asString })
        assertEquals(listOf("lookup_order", "refund"), calls.map { it["name"].asString })
        assertEquals("""{"amount":12.5}""", calls[1]["arguments"].asString)

        val agent = attrs(spans.getValue("support-agent"))
        assertEquals("invoke_agent", agent.getValue("gen_ai.operation.name").stringValue)
        assertEquals("support-agent", agent.getValue("gen_ai.agent.name").stringValue)
        assertFalse(agent.containsKey("gen_ai.usage.input_tokens"), "usage sits only on the call's own span")
        assertEquals("retrieval", attrs(spans.getValue("kb-search")).getValue("gen_ai.operation.name").stringValue)
        assertFalse(tool.attributesList.any { it.key == "gen_ai.usage.input_tokens" })
    }

    @Test
    fun `the cache-write count goes under both names by default and only the newest with the opt-in`() {
        val data = recordRun()
        fun planAttrs(): Map<String, AnyValue> = attrs(
            OtlpJson.parseRequest(OtlpJsonEncoder(GenAiVocabulary).encodeRequest(data))
                .resourceSpansList.single().scopeSpansList.single().spansList.single { it.name == "plan" },
        )
        val both = planAttrs()
        assertEquals(30L, both.getValue("gen_ai.usage.cache_write.input_tokens").intValue)
        assertEquals(30L, both.getValue("gen_ai.usage.cache_creation.input_tokens").intValue)
        assertEquals(60L, both.getValue("gen_ai.usage.cache_read.input_tokens").intValue)
        assertTrue(SemconvOptIn.asks("http, gen_ai_latest_experimental"))
        assertFalse(SemconvOptIn.asks("http"))
        SemconvOptIn.genAiLatestOnly = true
        val latest = planAttrs()
        assertEquals(30L, latest.getValue("gen_ai.usage.cache_write.input_tokens").intValue)
        assertFalse(latest.containsKey("gen_ai.usage.cache_creation.input_tokens"))
    }

    @Test
    fun `without content capture ids and names are kept, arguments and results are not`() {
        val spans = recordRun(captureContent = false).associateBy { it.name }
        val plan = spans.getValue("plan")
        assertEquals(listOf("toolu_01", "toolu_02"), plan.llm!!.toolCalls.map { it.id })
        assertTrue(plan.llm!!.toolCalls.all { it.arguments == null })
        val json = OtlpJsonEncoder(GenAiVocabulary).encodeRequest(spans.values.toList())
        assertFalse(json.contains("1042"), json)
        assertFalse(json.contains("shipped"), json)
        assertTrue(json.contains("gen_ai.tool.call.id"))
    }

    @Test
    fun `Zipkin, 2Signal and JSON Lines carry the call id, the requested calls and the link as attributes`() {
        val data = recordRun()
        val zipkin = JsonParser.parseString(ZipkinJsonEncoder.encode(data).decodeToString()).asJsonArray
            .map { it.asJsonObject }.associateBy { it["name"].asString }
        val toolTags = zipkin.getValue("lookup_order")["tags"].asJsonObject
        assertEquals("toolu_01", toolTags["gen_ai.tool.call.id"].asString)
        assertTrue(toolTags["spanwise.tool.call.llm_scope_id"].asString.endsWith(data.single { it.name == "plan" }.spanIdHex))
        assertTrue(zipkin.getValue("plan")["tags"].asJsonObject["spanwise.tool_calls"].asString.contains("toolu_02"))

        val body = JsonParser.parseString(TwoSignalEncoder.body(TwoSignalEncoder.events(data)).decodeToString()).asJsonObject
        val tool = body["batch"].asJsonArray.map { it.asJsonObject["body"].asJsonObject }.single { it["name"]?.asString == "lookup_order" }
        assertEquals("toolu_01", tool["metadata"].asJsonObject["gen_ai.tool.call.id"].asString)

        val file = java.nio.file.Files.createTempFile("spanwise-tools", ".jsonl")
        recordRun(exporter = Exporters.jsonLines(file))
        val text = file.toFile().readText()
        file.toFile().delete()
        assertTrue(text.contains("\"links\""), text)
        assertTrue(text.contains("\"gen_ai.tool.call.id\""))
    }

    @Test
    fun `the console shows the requested calls and the executed call with its arguments`() {
        val out = ByteArrayOutputStream()
        recordRun(exporter = ConsoleExporter(PrintStream(out, true, "UTF-8")))
        val lines = out.toString("UTF-8").lines()
        val plan = lines.single { it.contains("LLM plan") }
        assertTrue(plan.contains("→ lookup_order(toolu_01), refund(toolu_02)"), plan)
        val tool = lines.single { it.contains("TOOL lookup_order") }
        assertTrue(tool.contains("call toolu_01"), tool)
        assertTrue(tool.contains("""args {"order":1042}"""), tool)
    }

    @Test
    fun `a call id asked for in another trace is not linked, blank ids are ignored`(): Unit = runBlocking {
        val memory = Exporters.inMemory()
        val tracing = Tracing { exporter = memory }
        tracing.traced("first") { llm("plan") { toolCall("call_0", "search", null) } }
        tracing.traced("second") {
            tool("search", callId = "call_0") {}
            llm("plan") { toolCall(" ", "search", null) }
        }
        tracing.shutdown()
        val second = memory.spans.filter { it.traceIdHex == memory.spans.single { s -> s.name == "second" }.traceIdHex }
        val tool = second.single { it.name == "search" }
        assertEquals("call_0", tool.toolCallId)
        assertTrue(tool.links.isEmpty())
        assertTrue(second.single { it.name == "plan" }.llm!!.toolCalls.isEmpty())
    }

    @Test
    fun `explicit scopes record tool calls too`(): Unit = runBlocking {
        val memory = Exporters.inMemory()
        val tracing = Tracing { exporter = memory }
        val agent = tracing.begin("agent")
        val call = agent.createLlmCall("plan", "openai", "gpt-4o")
        call.toolCall("call_9", "weather", """{"city":"Oslo"}""")
        call.end()
        val tool = agent.createChild("weather", kind = ScopeKind.TOOL)
        tool.toolCallId("call_9")
        tool.end()
        agent.end()
        tracing.shutdown()
        val spans = memory.spans.associateBy { it.name }
        assertEquals(spans.getValue("plan").spanId, spans.getValue("weather").links.single().spanId)
        assertNull(spans.getValue("plan").llm!!.toolCalls.single().arguments, "content capture is off by default")
    }
}
