package dev.spanwise.tracing.export

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.tool
import dev.spanwise.tracing.traced
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
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
})
