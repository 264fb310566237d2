package dev.spanwise.tracing.export

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.testing.FakeReceiver
import dev.spanwise.tracing.testing.OtlpJson
import dev.spanwise.tracing.traced
import io.opentelemetry.proto.common.v1.AnyValue
import io.opentelemetry.proto.common.v1.KeyValue
import io.opentelemetry.proto.trace.v1.Span
import io.opentelemetry.proto.trace.v1.Status
import kotlinx.coroutines.runBlocking
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/** Scores on the OTLP wire, parsed strictly with the official proto schema. */
class OtlpScoreConformanceTest {
    private val receiver = FakeReceiver()

    @AfterTest
    fun stop() = receiver.close()

    private fun List<KeyValue>.byKey(): Map<String, AnyValue> = associate { it.key to it.value }

    @Test
    fun `evaluation spans carry the GenAI evaluation attributes, the result event and the link to their target`(): Unit = runBlocking {
        val spans = Exporters.inMemory()
        val tracing = Tracing {
            serviceName = "support-bot"
            exporter = spans
        }
        val traceId = tracing.traced("support-agent") {
            llm("answer", provider = "openai", model = "gpt-4o") {
                usage(inputTokens = 10, outputTokens = 5)
                scope.score("helpfulness", 0.75, comment = "missed the refund window")
            }
            scope.traceId
        }
        tracing.scoreTrace(traceId, "resolved", true)
        tracing.flush()
        tracing.shutdown()

        val exporter = Exporters.otlpHttp(receiver.url)
        assertEquals(ExportResult.Success, exporter.export(spans.spans))
        exporter.shutdown()
        val body = receiver.requests.single().body
        OtlpJson.strictTree(body)
        val wire = OtlpJson.parseRequest(body).resourceSpansList.single().scopeSpansList.single().spansList.associateBy { it.name }

        val answer = wire.getValue("answer")
        val helpfulness = wire.getValue("evaluation helpfulness")
        assertEquals(answer.traceId, helpfulness.traceId)
        assertEquals(answer.spanId, helpfulness.parentSpanId, "a live score is a child of the span it judges")
        assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, helpfulness.kind)
        assertEquals(Status.StatusCode.STATUS_CODE_UNSET, helpfulness.status.code)
        assertEquals(helpfulness.startTimeUnixNano, helpfulness.endTimeUnixNano, "zero length")
        val attrs = helpfulness.attributesList.byKey()
        assertEquals("helpfulness", attrs.getValue("gen_ai.evaluation.name").stringValue)
        assertEquals(0.75, attrs.getValue("gen_ai.evaluation.score.value").doubleValue)
        assertEquals("missed the refund window", attrs.getValue("gen_ai.evaluation.explanation").stringValue)
        assertEquals("numeric", attrs.getValue("spanwise.score.type").stringValue)
        assertEquals(OtlpJson.hex(answer.traceId) + "-" + OtlpJson.hex(answer.spanId), attrs.getValue("spanwise.score.target").stringValue)
        assertEquals("EVALUATION", attrs.getValue("spanwise.scope.kind").stringValue)
        assertFalse(attrs.containsKey("gen_ai.operation.name"), "the GenAI registry has no evaluation operation")
        assertFalse(attrs.containsKey("gen_ai.usage.input_tokens"), "usage stays on the call that made it")
        val event = helpfulness.eventsList.single()
        assertEquals("gen_ai.evaluation.result", event.name)
        assertTrue(event.timeUnixNano >= helpfulness.startTimeUnixNano)
        val eventAttrs = event.attributesList.byKey()
        assertEquals("helpfulness", eventAttrs.getValue("gen_ai.evaluation.name").stringValue)
        assertEquals(0.75, eventAttrs.getValue("gen_ai.evaluation.score.value").doubleValue)
        assertEquals("missed the refund window", eventAttrs.getValue("gen_ai.evaluation.explanation").stringValue)

        val resolved = wire.getValue("evaluation resolved")
        assertEquals(answer.traceId, resolved.traceId)
        assertTrue(resolved.parentSpanId.isEmpty, "a score by trace id is a root in that trace")
        val resolvedAttrs = resolved.attributesList.byKey()
        assertEquals(1.0, resolvedAttrs.getValue("gen_ai.evaluation.score.value").doubleValue)
        assertEquals("true", resolvedAttrs.getValue("gen_ai.evaluation.score.label").stringValue)
        assertEquals("boolean", resolvedAttrs.getValue("spanwise.score.type").stringValue)
        assertEquals(traceId, resolvedAttrs.getValue("spanwise.score.target").stringValue)
    }

    @Test
    fun `a score by scope id from another process links to its parent as remote`(): Unit = runBlocking {
        val spans = Exporters.inMemory()
        val tracing = Tracing { exporter = spans }
        val target = "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7"
        tracing.score(scopeId = target, "tone", "friendly")
        tracing.shutdown()
        val exporter = Exporters.otlpHttp(receiver.url)
        exporter.export(spans.spans)
        exporter.shutdown()
        val span = OtlpJson.parseRequest(receiver.requests.single().body).resourceSpansList.single().scopeSpansList.single().spansList.single()
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", OtlpJson.hex(span.traceId))
        assertEquals("00f067aa0ba902b7", OtlpJson.hex(span.parentSpanId))
        val attrs = span.attributesList.byKey()
        assertEquals("friendly", attrs.getValue("gen_ai.evaluation.score.label").stringValue)
        assertFalse(attrs.containsKey("gen_ai.evaluation.score.value"))
        assertEquals("categorical", attrs.getValue("spanwise.score.type").stringValue)
    }
}
