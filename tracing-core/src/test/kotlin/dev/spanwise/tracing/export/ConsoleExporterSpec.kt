package dev.spanwise.tracing.export

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.ConsoleExporter
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.model.LlmCallData
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.TokenUsage
import dev.spanwise.tracing.testing.Spans
import dev.spanwise.tracing.tool
import dev.spanwise.tracing.traced
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.io.ByteArrayOutputStream
import java.io.PrintStream

class ConsoleExporterSpec : FunSpec({
    test("prints one tree per trace with kinds, models, tokens, cost, errors and totals") {
        val buffer = ByteArrayOutputStream()
        val tracing = Tracing {
            serviceName = "console-test"
            exporter = ConsoleExporter(PrintStream(buffer, true, "UTF-8"))
            pricing { model("gpt-4o", input = 2.5, output = 10.0, cacheRead = 1.25) }
        }
        tracing.traced("support-agent", correlationId = "order-42") {
            llm("answer", provider = "openai", model = "gpt-4o") { usage(inputTokens = 1200, outputTokens = 300, cacheReadTokens = 800) }
            runCatching { tool("refund") { error("payments down") } }
        }
        tracing.shutdown()
        val lines = buffer.toString("UTF-8").lines().filter { it.isNotBlank() }
        lines[0] shouldContain "● support-agent"
        lines[0] shouldContain "correlation order-42"
        lines[1] shouldContain "└─ AGENT support-agent"
        lines[2] shouldContain "├─ LLM answer"
        lines[2] shouldContain "gpt-4o"
        lines[2] shouldContain "tokens 1,200 in (800 cached) / 300 out"
        lines[2] shouldContain "$0.0050"
        lines[3] shouldContain "└─ TOOL refund"
        lines[3] shouldContain "ERROR IllegalStateException: payments down"
        lines[4] shouldContain "total: 1 LLM call, 1,200 in / 300 out tokens, $0.0050"
        lines.size shouldBe 5
    }

    test("a trace whose root never ends is printed as incomplete at shutdown") {
        val buffer = ByteArrayOutputStream()
        val tracing = Tracing { exporter = ConsoleExporter(PrintStream(buffer, true, "UTF-8")) }
        val root = tracing.begin("never-ends")
        root.createChild("child").end()
        tracing.shutdown()
        val text = buffer.toString("UTF-8")
        text shouldContain "(incomplete)"
        text shouldContain "CHAIN child"
    }

    test("the KDoc example is what the exporter prints") {
        val out = ByteArrayOutputStream()
        val exporter = ConsoleExporter(PrintStream(out, true, "UTF-8"))
        exporter.export(exampleTrace())
        val kdocExample = """
            ● support-agent  trace 4bf92f3577b34da6a3ce929d0e0e4736  correlation order-42
            └─ AGENT support-agent  1.24 s
               ├─ RETRIEVAL kb-search  120 ms
               ├─ LLM answer  450 ms  gpt-4o  tokens 1,200 in (800 cached) / 300 out  ${'$'}0.005000
               └─ LLM summary  80 ms  llama-3-local  tokens 400 in / 50 out  (unpriced)
              total: 2 LLM calls, 1,600 in / 350 out tokens, ${'$'}0.005000, 1 call unpriced
        """.trimIndent()
        out.toString("UTF-8").trimEnd() shouldBe kdocExample
        val source = java.io.File("src/main/kotlin/dev/spanwise/tracing/exporters/ConsoleExporter.kt").readText()
        source shouldContain kdocExample.lines().joinToString("\n") { " * $it".trimEnd() }
    }

    test("a total that mixes priced and unpriced calls says how many calls its cost leaves out") {
        val out = ByteArrayOutputStream()
        val exporter = ConsoleExporter(PrintStream(out, true, "UTF-8"))
        val root = Spans.span("agent", spanId = 1)
        exporter.export(
            listOf(
                llmSpan("priced", 2, 1, usage = TokenUsage(100, 10), cost = 0.0029),
                llmSpan("local-1", 3, 1, usage = TokenUsage(50, 5), cost = null),
                llmSpan("local-2", 4, 1, usage = TokenUsage(50, 5), cost = null),
                root,
            ),
        )
        val text = out.toString("UTF-8")
        text shouldContain "total: 3 LLM calls, 200 in / 20 out tokens, ${'$'}0.002900, 2 calls unpriced"
        text shouldContain "LLM local-1  1 ms  gpt-4o  tokens 50 in / 5 out  (unpriced)"
    }

    test("a call with no usage prints no cost, on its line or in the total") {
        val out = ByteArrayOutputStream()
        val exporter = ConsoleExporter(PrintStream(out, true, "UTF-8"))
        exporter.export(listOf(llmSpan("no-usage", 2, 1, usage = TokenUsage(0, 0), cost = 0.0), Spans.span("agent", spanId = 1)))
        val text = out.toString("UTF-8")
        text shouldContain "LLM no-usage  1 ms  gpt-4o\n"
        text shouldContain "total: 1 LLM call, 0 in / 0 out tokens\n"
        text shouldNotContain "$"
        text shouldNotContain "unpriced"
    }

    test("a child that ends after its root, in the same batch, is drawn inside the trace") {
        val out = ByteArrayOutputStream()
        val exporter = ConsoleExporter(PrintStream(out, true, "UTF-8"))
        exporter.export(listOf(Spans.span("agent", spanId = 1), Spans.span("background", spanId = 2, parentSpanId = 1, kind = ScopeKind.TOOL)))
        exporter.shutdown()
        val lines = out.toString("UTF-8").lines().filter { it.isNotBlank() }
        lines shouldBe listOf("● agent  trace ${Spans.span().traceIdHex}", "└─ AGENT agent  1 ms", "   └─ TOOL background  1 ms")
    }

    test("a child that arrives after its trace was printed is printed at once and marked late") {
        val out = ByteArrayOutputStream()
        val exporter = ConsoleExporter(PrintStream(out, true, "UTF-8"))
        exporter.export(listOf(Spans.span("agent", spanId = 1)))
        exporter.export(
            listOf(
                Spans.span("audit-step", spanId = 3, parentSpanId = 2, kind = ScopeKind.CHAIN),
                Spans.span("audit", spanId = 2, parentSpanId = 1, kind = ScopeKind.TOOL),
            ),
        )
        val lines = out.toString("UTF-8").lines().filter { it.isNotBlank() }
        lines shouldBe listOf(
            "● agent  trace ${Spans.span().traceIdHex}",
            "└─ AGENT agent  1 ms",
            "● audit  trace ${Spans.span().traceIdHex}  (late)",
            "└─ TOOL audit  1 ms  (late: parent agent already printed)",
            "   └─ CHAIN audit-step  1 ms",
        )
        out.reset()
        exporter.shutdown()
        out.toString("UTF-8") shouldBe "" // nothing was left held
    }
})

private const val BASE = 1_763_700_000_000_000_000L

private fun llmSpan(name: String, id: Long, parent: Long, usage: TokenUsage, cost: Double?, model: String = "gpt-4o") = Spans.span(
    name,
    spanId = id,
    parentSpanId = parent,
    kind = ScopeKind.LLM,
    start = BASE,
    end = BASE + 1_000_000,
    llm = LlmCallData("openai", model, null, "chat", usage, cost, emptyList(), null, null),
)

/** The trace shown in ConsoleExporter's KDoc. */
private fun exampleTrace(): List<SpanData> {
    val high = java.lang.Long.parseUnsignedLong("4bf92f3577b34da6", 16)
    val low = java.lang.Long.parseUnsignedLong("a3ce929d0e0e4736", 16)
    fun span(name: String, id: Long, parent: Long, kind: ScopeKind, startMs: Long, ms: Long, llm: LlmCallData? = null) = Spans.span(
        name, traceHigh = high, traceLow = low, spanId = id, parentSpanId = parent, kind = kind,
        start = BASE + startMs * 1_000_000, end = BASE + (startMs + ms) * 1_000_000, llm = llm, correlationId = "order-42",
    )
    return listOf(
        span("kb-search", 2, 1, ScopeKind.RETRIEVAL, 10, 120),
        span(
            "answer",
            3,
            1,
            ScopeKind.LLM,
            140,
            450,
            LlmCallData("openai", "gpt-4o", null, "chat", TokenUsage(1200, 300, cacheReadTokens = 800), 0.005, emptyList(), null, null),
        ),
        span("summary", 4, 1, ScopeKind.LLM, 600, 80, LlmCallData("local", "llama-3-local", null, "chat", TokenUsage(400, 50), null, emptyList(), null, null)),
        span("support-agent", 1, 0, ScopeKind.AGENT, 0, 1240),
    )
}
