package dev.spanwise.tracing.export

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.ConsoleExporter
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.traced
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import java.io.ByteArrayOutputStream
import java.io.PrintStream

class ConsoleScoreSpec : FunSpec({
    test("the console tree shows each score under the span it judges, with its value, label and comment") {
        val buffer = ByteArrayOutputStream()
        val tracing = Tracing { exporter = ConsoleExporter(PrintStream(buffer, true, "UTF-8")) }
        tracing.traced("support-agent") {
            llm("answer", provider = "openai", model = "gpt-4o") {
                scope.score("helpfulness", 0.9, comment = "polite\nand complete")
            }
            scope.score("resolved", true)
            scope.score("tone", "friendly")
            scope.score("turns", 3.0)
        }
        tracing.shutdown()
        val lines = buffer.toString("UTF-8").lines().filter { it.isNotBlank() }
        lines[0] shouldStartWith "● support-agent"
        lines.drop(1).map { it.replace(Regex("  [0-9.]+ ms"), "") } shouldBe listOf(
            "└─ AGENT support-agent",
            "   ├─ LLM answer  gpt-4o",
            "   │  └─ EVALUATION helpfulness  0.9  \"polite and complete\"",
            "   ├─ EVALUATION resolved  true",
            "   ├─ EVALUATION tone  friendly",
            "   └─ EVALUATION turns  3",
            "  total: 1 LLM call, 0 in / 0 out tokens",
        )
    }
})
