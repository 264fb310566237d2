package dev.spanwise.tracing

import dev.spanwise.tracing.exporters.Exporters
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe

class SmokeSpec : FunSpec({
    test("a traced agent with an llm call exports two linked spans with cost") {
        val spans = Exporters.inMemory()
        val tracing = Tracing {
            serviceName = "smoke"
            exporter = Exporters.composite(spans, Exporters.console())
            pricing { model("gpt-4o", input = 2.50, output = 10.00, cacheRead = 1.25) }
        }
        val answer = tracing.traced("agent", correlationId = "order-42") {
            attribute("user.id", "u1")
            llm("answer", provider = "openai", model = "gpt-4o") {
                usage(inputTokens = 1000, outputTokens = 100, cacheReadTokens = 400)
                "hi"
            }
        }
        answer shouldBe "hi"
        val result = tracing.flush()
        result.exported shouldBe 2L // each span once, delivered to both destinations
        result.destinations.map { it.exported } shouldBe listOf(2L, 2L)
        spans.spans shouldHaveSize 2
        val agent = spans.single("agent")
        val llm = spans.single("answer")
        llm.parentSpanId shouldBe agent.spanId
        llm.traceIdHex shouldBe agent.traceIdHex
        llm.correlationId shouldBe "order-42"
        llm.llm!!.costUsd!! shouldBe ((600 * 2.5 + 400 * 1.25 + 100 * 10.0) / 1e6 plusOrMinus 1e-12)
        tracing.shutdown()
    }
})
