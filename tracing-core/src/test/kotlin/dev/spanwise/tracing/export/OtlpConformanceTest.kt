package dev.spanwise.tracing.export

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.retrieval
import dev.spanwise.tracing.testing.FakeReceiver
import dev.spanwise.tracing.testing.OtlpJson
import dev.spanwise.tracing.tool
import dev.spanwise.tracing.traced
import io.opentelemetry.proto.trace.v1.Span
import io.opentelemetry.proto.trace.v1.Status
import kotlinx.coroutines.runBlocking
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** M1/M2: every OTLP body parses strictly into ExportTraceServiceRequest with the official schema. */
class OtlpConformanceTest {
    private val receiver = FakeReceiver()

    @AfterTest
    fun stop() = receiver.close()

    /** A traced agent run with a retrieval, a failing LLM call, a cancelled-free tool and a server scope. */
    private fun recordRun(): List<SpanData> = runBlocking {
        val spans = Exporters.inMemory()
        val tracing = Tracing {
            serviceName = "support-bot"
            serviceVersion = "2.1.0"
            environment = "production"
            exporter = spans
            captureContent = true
            pricing { model("gpt-4o", input = 2.50, output = 10.00, cacheRead = 1.25) }
            globalAttributes("region" to "eu-west-1", "weights" to listOf(1.5, 2.5), "retries" to 3, "beta" to true)
        }
        tracing.traced("handle-request", kind = ScopeKind.SERVER, correlationId = "order-42") {
            traced("support-agent") {
                attribute("user.id", "u-1")
                event("plan", mapOf("steps" to 2L))
                retrieval("kb-search") { "docs" }
                llm("answer", provider = "openai", model = "gpt-4o") {
                    usage(inputTokens = 1200, outputTokens = 300, cacheReadTokens = 800, reasoningTokens = 40)
                    responseModel("gpt-4o-2024-08-06")
                    finishReasons("stop")
                    input("what is the refund policy?")
                    output("5 days")
                }
                runCatching { tool("lookup") { error("tool failed \"badly\"\n") } }
            }
        }
        tracing.flush()
        tracing.shutdown()
        spans.spans
    }

    @Test
    fun `request parses with the official schema and ids, kinds, times and parents check out`(): Unit = runBlocking {
        val data = recordRun()
        val exporter = Exporters.otlpHttp(receiver.url) { header("x-team", "agents") }
        assertEquals(ExportResult.Success, exporter.export(data))
        exporter.shutdown()

        val req = receiver.requests.single()
        assertEquals("/v1/traces", req.path)
        assertEquals("application/json", req.header("Content-Type"), "no charset parameter")
        assertTrue(req.header("User-Agent")!!.startsWith("Spanwise-JVM/"), req.header("User-Agent"))
        assertEquals("agents", req.header("x-team"))

        val tree = OtlpJson.strictTree(req.body)
        for (kind in OtlpJson.valuesOf(tree, "kind")) assertTrue(kind.asJsonPrimitive.isNumber, "kind must be an int: $kind")
        for (code in OtlpJson.valuesOf(tree, "code")) assertTrue(code.asJsonPrimitive.isNumber, "status code must be an int")
        for (key in listOf("startTimeUnixNano", "endTimeUnixNano", "timeUnixNano", "intValue")) {
            for (v in OtlpJson.valuesOf(tree, key)) assertTrue(v.asJsonPrimitive.isString && v.asString.matches(Regex("-?[0-9]+")), "$key: $v")
        }

        val request = OtlpJson.parseRequest(req.body)
        val resourceSpans = request.resourceSpansList.single()
        val resource = resourceSpans.resource.attributesList.associate { it.key to it.value.stringValue }
        assertEquals("support-bot", resource["service.name"])
        assertEquals("2.1.0", resource["service.version"])
        assertEquals("production", resource["deployment.environment"])
        assertEquals("spanwise", resource["telemetry.sdk.name"])
        assertEquals("java", resource["telemetry.sdk.language"])
        assertTrue(resource["telemetry.sdk.version"]!!.isNotEmpty())
        val scope = resourceSpans.scopeSpansList.single()
        assertEquals("dev.spanwise.tracing", scope.scope.name)
        val spans = scope.spansList
        assertEquals(data.size, spans.size)

        val byName = spans.associateBy { it.name }
        for (d in data) {
            val s = byName.getValue(d.name)
            assertEquals(d.traceIdHex, OtlpJson.hex(s.traceId))
            assertEquals(d.spanIdHex, OtlpJson.hex(s.spanId))
            assertEquals(d.parentSpanIdHex ?: "", OtlpJson.hex(s.parentSpanId))
            assertEquals(d.startEpochNanos, s.startTimeUnixNano)
            assertEquals(d.endEpochNanos, s.endTimeUnixNano)
            assertTrue(s.endTimeUnixNano >= s.startTimeUnixNano)
        }
        assertEquals(Span.SpanKind.SPAN_KIND_SERVER, byName.getValue("handle-request").kind)
        assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, byName.getValue("support-agent").kind)
        assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, byName.getValue("kb-search").kind)
        assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, byName.getValue("answer").kind)
        assertEquals(byName.getValue("support-agent").spanId, byName.getValue("answer").parentSpanId)
        assertEquals(byName.getValue("handle-request").spanId, byName.getValue("support-agent").parentSpanId)
        assertTrue(byName.getValue("handle-request").parentSpanId.isEmpty)

        val llm = byName.getValue("answer").attributesList.associate { it.key to it.value }
        assertEquals("chat", llm.getValue("gen_ai.operation.name").stringValue)
        assertEquals("openai", llm.getValue("gen_ai.provider.name").stringValue)
        assertEquals("gpt-4o", llm.getValue("gen_ai.request.model").stringValue)
        assertEquals("gpt-4o-2024-08-06", llm.getValue("gen_ai.response.model").stringValue)
        assertEquals(1200L, llm.getValue("gen_ai.usage.input_tokens").intValue)
        assertEquals(300L, llm.getValue("gen_ai.usage.output_tokens").intValue)
        assertEquals(800L, llm.getValue("gen_ai.usage.cache_read.input_tokens").intValue)
        assertEquals(40L, llm.getValue("gen_ai.usage.reasoning.output_tokens").intValue)
        assertEquals(listOf("stop"), llm.getValue("gen_ai.response.finish_reasons").arrayValue.valuesList.map { it.stringValue })
        val expectedCost = (400 * 2.5 + 800 * 1.25 + 300 * 10.0) / 1e6
        assertEquals(expectedCost, llm.getValue("llm.cost.total_usd").doubleValue, 1e-12)
        assertEquals("order-42", llm.getValue("spanwise.scope.correlation_id").stringValue)
        assertEquals("LLM", llm.getValue("spanwise.scope.kind").stringValue)
        assertEquals("what is the refund policy?", llm.getValue("input.value").stringValue)
        assertEquals(1.5, llm.getValue("weights").arrayValue.getValues(0).doubleValue)
        assertEquals(3L, llm.getValue("retries").intValue)
        assertTrue(llm.getValue("beta").boolValue)

        val tool = byName.getValue("lookup")
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, tool.status.code)
        val exception = tool.eventsList.single { it.name == "exception" }
        val exAttrs = exception.attributesList.associate { it.key to it.value.stringValue }
        assertEquals("java.lang.IllegalStateException", exAttrs["exception.type"])
        assertEquals("tool failed \"badly\"\n", exAttrs["exception.message"])
        assertTrue(exAttrs.getValue("exception.stacktrace").contains("IllegalStateException"))
        assertEquals("java.lang.IllegalStateException", tool.attributesList.single { it.key == "error.type" }.value.stringValue)
        val agent = byName.getValue("support-agent")
        assertEquals("plan", agent.eventsList.single().name)
        assertEquals(Status.StatusCode.STATUS_CODE_UNSET, agent.status.code)
    }

    @Test
    fun `gzip body inflates to the uncompressed serialization`(): Unit = runBlocking {
        val data = recordRun()
        val plain = Exporters.otlpHttp(receiver.url)
        val zipped = Exporters.otlpHttp(receiver.url) { gzip = true }
        plain.export(data)
        zipped.export(data)
        plain.shutdown()
        zipped.shutdown()
        val (a, b) = receiver.requests
        assertNull(a.header("Content-Encoding"))
        assertEquals("gzip", b.header("Content-Encoding"))
        assertTrue(b.rawBody.size < b.body.length)
        assertEquals(a.body, b.body, "inflated body is byte-identical to the plain one")
        OtlpJson.parseRequest(b.body)
    }

    @Test
    fun `a full traces endpoint is used as is`(): Unit = runBlocking {
        val exporter = Exporters.otlpHttp(receiver.url + "/custom/v1/traces")
        exporter.export(recordRun())
        exporter.shutdown()
        assertEquals("/custom/v1/traces", receiver.requests.single().path)
    }

    @Test
    fun `tracentic body is OTLP-shaped with base64 ids and Tracentic keys`(): Unit = runBlocking {
        val data = recordRun()
        val exporter = Exporters.tracentic("tk-secret-123", receiver.url)
        assertEquals(ExportResult.Success, exporter.export(data))
        exporter.shutdown()
        val req = receiver.requests.single()
        assertEquals("/v1/ingest", req.path)
        assertEquals("tk-secret-123", req.header("x-tracentic-api-key"))
        val request = OtlpJson.parseBase64Request(req.body)
        val spans = request.resourceSpansList.single().scopeSpansList.single().spansList.associateBy { it.name }
        for (d in data) {
            val s = spans.getValue(d.name)
            assertEquals(16, s.traceId.size())
            assertEquals(d.traceIdHex, OtlpJson.hex(s.traceId))
            assertEquals(d.spanIdHex, OtlpJson.hex(s.spanId))
        }
        val llm = spans.getValue("answer").attributesList.associate { it.key to it.value }
        assertEquals("openai", llm.getValue("llm.provider").stringValue)
        assertEquals("gpt-4o", llm.getValue("llm.request.model").stringValue)
        assertEquals("chat", llm.getValue("llm.request.type").stringValue)
        assertEquals(1200L, llm.getValue("llm.usage.input_tokens").intValue)
        assertEquals(300L, llm.getValue("llm.usage.output_tokens").intValue)
        assertEquals(1500L, llm.getValue("llm.usage.total_tokens").intValue)
        assertTrue(llm.containsKey("llm.duration_ms"))
        assertTrue(llm.containsKey("llm.cost.total_usd"))
        val agentData = data.single { it.name == "support-agent" }
        assertEquals(agentData.scopeId, llm.getValue("tracentic.scope.id").stringValue)
        assertEquals("order-42", llm.getValue("tracentic.scope.correlation_id").stringValue)
        val agent = spans.getValue("support-agent").attributesList.associate { it.key to it.value.stringValue }
        assertEquals("support-agent", agent["tracentic.scope.name"])
        assertEquals(data.single { it.name == "handle-request" }.scopeId, agent["tracentic.scope.parent_id"])
        assertTrue(agent.getValue("tracentic.scope.started_at").endsWith("Z"))
        val tool = spans.getValue("lookup").attributesList.associate { it.key to it.value.stringValue }
        assertEquals("java.lang.IllegalStateException", tool["error.type"])
        val resource = request.resourceSpansList.single().resource.attributesList.associate { it.key to it.value.stringValue }
        assertEquals("production", resource["deployment.environment"])
    }
}
