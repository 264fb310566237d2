package dev.spanwise.tracing.pricing

import ch.qos.logback.classic.Level
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.model.TokenUsage
import dev.spanwise.tracing.testing.LogCapture
import dev.spanwise.tracing.testing.inMemoryTracing
import dev.spanwise.tracing.traced
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class CostCalculatorSpec : FunSpec({
    val prices = CostCalculator(
        mapOf(
            "gpt-4o" to ModelPrice(input = 2.50, output = 10.00, cacheRead = 1.25),
            "claude-sonnet-4" to ModelPrice(input = 3.00, output = 15.00, cacheRead = 0.30, cacheWrite = 3.75),
            "o3" to ModelPrice(input = 2.00, output = 8.00),
        ),
    )

    test("OpenAI-style cached input: cached tokens are part of input and billed at the cache-read price") {
        // 10,000 input of which 4,000 cached; 500 output.
        prices.cost("gpt-4o", TokenUsage(inputTokens = 10_000, outputTokens = 500, cacheReadTokens = 4_000))!! shouldBe
            ((6_000 * 2.50 + 4_000 * 1.25 + 500 * 10.00) / 1e6 plusOrMinus 1e-12)
    }

    test("Anthropic-style cache write and read") {
        val usage = TokenUsage(inputTokens = 12_000, outputTokens = 800, cacheReadTokens = 2_000, cacheWriteTokens = 8_000)
        prices.cost("claude-sonnet-4", usage)!! shouldBe
            ((2_000 * 3.00 + 2_000 * 0.30 + 8_000 * 3.75 + 800 * 15.00) / 1e6 plusOrMinus 1e-12)
    }

    test("reasoning tokens are part of output and are not billed twice") {
        prices.cost("o3", TokenUsage(inputTokens = 1_000, outputTokens = 3_000, reasoningTokens = 2_500))!! shouldBe
            ((1_000 * 2.00 + 3_000 * 8.00) / 1e6 plusOrMinus 1e-12)
    }

    test("model names are found exactly, then normalised: case, provider prefix and date suffix") {
        val usage = TokenUsage(inputTokens = 1_000_000)
        for (name in listOf("gpt-4o", "GPT-4o", "openai/gpt-4o", "gpt-4o-2024-08-06", "gpt-4o-20240806", "azure/GPT-4O-2024-11-20")) {
            prices.cost(name, usage) shouldBe 2.5
        }
        prices.cost("claude-sonnet-4-20250514", usage) shouldBe 3.0
        prices.cost("gpt-4", usage).shouldBeNull()
        CostCalculator.normalize("Anthropic/Claude-Sonnet-4@20250514") shouldBe "claude-sonnet-4"
    }

    test("negative or non-finite prices fail at configuration time with the value") {
        shouldThrow<IllegalArgumentException> { ModelPrice(input = -1.0, output = 1.0) }.message shouldContain "-1.0"
        shouldThrow<IllegalArgumentException> { ModelPrice(input = 1.0, output = Double.NaN) }.message shouldContain "NaN"
        shouldThrow<IllegalArgumentException> { PricingConfig().model(" ", 1.0, 1.0) }.message shouldContain "blank"
    }

    test("an unpriced model warns once per model and its spans carry no cost") {
        LogCapture.capture { logs ->
            val (tracing, spans) = inMemoryTracing { pricing { model("gpt-4o", input = 2.5, output = 10.0) } }
            tracing.traced("agent") {
                repeat(3) { llm("call-$it", model = "mystery-model") { usage(inputTokens = 10, outputTokens = 1) } }
                llm("priced", model = "gpt-4o") { usage(inputTokens = 10) }
            }
            tracing.flush()
            spans.single("call-0").llm!!.costUsd.shouldBeNull()
            spans.single("priced").llm!!.costUsd shouldBe (25.0 / 1e6 plusOrMinus 1e-15)
            logs.messages(Level.WARN).count { it.contains("mystery-model") } shouldBe 1
            tracing.shutdown()
        }
    }
})
