package dev.spanwise.samples.demo

import dev.spanwise.samples.readme.readmeTestingExample
import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.ConsoleExporter
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanStatus
import kotlinx.coroutines.runBlocking
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

class SupportAgentDemoTest {
    @Test
    fun `the demo agent produces the documented tree`() = runBlocking {
        val buffer = ByteArrayOutputStream()
        val spans = Exporters.inMemory()
        val jsonl = Files.createTempFile("spanwise-demo", ".jsonl")
        val tracing = Tracing {
            serviceName = "support-bot"
            captureContent = true
            exporter = Exporters.composite(ConsoleExporter(PrintStream(buffer, true, "UTF-8")), spans, Exporters.jsonLines(jsonl))
            demoPricing()
        }
        val run = SupportAgent(tracing).handle("ticket-1042", "My order 1042 arrived damaged, I want a refund")
        val result = tracing.shutdown()
        assertEquals(0L, result.droppedTotal)
        assertTrue(run.answer.contains("refund"))

        // The console tree: structure, not timings.
        val tree = buffer.toString("UTF-8").lines().filter { it.isNotBlank() }
        val shape = tree.map { line -> line.replace(Regex("\\s+\\d+(\\.\\d+)? m?s.*$"), "") }
        assertEquals(
            listOf(
                "● support-agent  trace ${run.traceId}  correlation ticket-1042  session conversation-ticket-1042  tags support,email",
                "└─ AGENT support-agent",
                "   ├─ RETRIEVAL kb-search",
                "   ├─ LLM classify-intent",
                "   ├─ AGENT billing-agent",
                "   │  ├─ LLM choose-tool",
                "   │  ├─ TOOL lookup-order",
                "   │  ├─ TOOL lookup-order",
                "   │  └─ LLM draft-refund",
                "   ├─ AGENT policy-agent",
                "   │  ├─ RETRIEVAL policy-search",
                "   │  └─ LLM check-policy",
                "   ├─ LLM compose-answer",
                "   └─ GUARDRAIL pii-check",
                "      └─ EVALUATION no-personal-data  true  \"no e-mail address in the reply\"",
            ),
            shape.dropLast(1),
        )
        assertTrue(tree.last().startsWith("  total: 5 LLM calls"), tree.last())
        assertTrue(tree.any { it.contains("LLM choose-tool") && it.contains("→ lookup-order(call_lookup_1042)") }, tree.toString())
        assertEquals(2, tree.count { it.contains("TOOL lookup-order") && it.contains("call call_lookup_1042") }, tree.toString())
        assertTrue(tree.any { it.contains("TOOL lookup-order") && it.contains("ERROR OrderServiceTimeout") })
        assertTrue(tree.any { it.contains("LLM draft-refund") && it.contains("(384 reasoning)") })
        assertTrue(tree.any { it.contains("LLM check-policy") && it.contains("cache write") })
        assertTrue(tree.any { it.contains("LLM compose-answer") && Regex("TTFT \\d+ ms, 5 chunks  tokens 290 in").containsMatchIn(it) }, tree.toString())

        // The JSON Lines file: one OTLP-shaped span per line, same trace.
        val lines = Files.readAllLines(jsonl).filter { it.isNotBlank() }
        assertEquals(14, lines.size)
        assertTrue(lines.all { it.startsWith("{\"traceId\":\"${run.traceId}\"") }, lines.first())
        assertTrue(lines.any { it.contains("\"gen_ai.usage.reasoning.output_tokens\"") })
        Files.delete(jsonl)

        // The same run as data.
        assertEquals(14, spans.spans.size)
        val score = spans.single("evaluation no-personal-data")
        assertEquals(ScopeKind.EVALUATION, score.kind)
        assertEquals(spans.single("pii-check").spanId, score.parentSpanId)
        assertEquals(1.0, score.attributes["gen_ai.evaluation.score.value"])
        assertEquals(setOf("ticket-1042"), spans.spans.map { it.correlationId }.toSet())
        assertEquals("conversation-ticket-1042", spans.single("support-agent").identity?.sessionId)
        assertEquals(setOf("support", "email"), spans.single("support-agent").identity?.tags)
        assertEquals("My order 1042 arrived damaged, I want a refund", spans.single("support-agent").input)
        val asked = spans.single("choose-tool")
        assertEquals(listOf("call_lookup_1042"), asked.llm?.toolCalls?.map { it.id })
        assertTrue(spans.findByName("lookup-order").all { it.toolCallId == "call_lookup_1042" && it.links.single().spanId == asked.spanId })
        val failed = spans.findByName("lookup-order").single { it.status == SpanStatus.ERROR }
        assertEquals(OrderServiceTimeout::class.java.name, failed.error?.type)
        val billing = spans.single("billing-agent")
        assertEquals(ScopeKind.AGENT, billing.kind)
        assertEquals(spans.single("support-agent").spanId, billing.parentSpanId)
        assertEquals(4, run.totals.llmCalls)
        val summed = spans.spans.mapNotNull { it.llm?.costUsd }.sum()
        assertEquals(summed, run.totals.costUsd, 1e-12)
        val streamed = spans.single("compose-answer")
        assertEquals(true, streamed.attributes["gen_ai.request.stream"])
        assertEquals(5L, streamed.attributes["spanwise.stream.chunks"])
        assertEquals(run.answer, streamed.llm?.output)
    }

    @Test
    fun `the README testing example runs`() = runBlocking {
        readmeTestingExample()
    }
}
