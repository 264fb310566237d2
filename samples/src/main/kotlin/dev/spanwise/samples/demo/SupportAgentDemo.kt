package dev.spanwise.samples.demo

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.TracingConfig
import dev.spanwise.tracing.export.Exporters
import kotlinx.coroutines.runBlocking
import java.util.Locale

/** Prices of the models the demo uses, in USD per one million tokens. */
fun TracingConfig.demoPricing() {
    pricing {
        model("gpt-4o", input = 2.50, output = 10.00, cacheRead = 1.25)
        model("gpt-4o-mini", input = 0.15, output = 0.60, cacheRead = 0.075)
        model("o3-mini", input = 1.10, output = 4.40, cacheRead = 0.55)
        model("claude-sonnet-4", input = 3.00, output = 15.00, cacheRead = 0.30, cacheWrite = 3.75)
    }
}

/**
 * The demo: one support-agent run against a deterministic fake LLM, traced to the console tree
 * (and, when configured, to any exporter named by `SPANWISE_EXPORTER` / `OTEL_EXPORTER_OTLP_ENDPOINT`).
 */
fun main() {
    val tracing = Tracing {
        serviceName = "support-bot"
        environment = "demo"
        captureContent = true
        exporter = Exporters.console()
        demoPricing()
    }
    val run = runBlocking { SupportAgent(tracing).handle("ticket-1042", "My order 1042 arrived damaged, I want a refund") }
    val result = runBlocking { tracing.shutdown() }
    println("Answer: ${run.answer}")
    println(
        String.format(
            Locale.ROOT,
            "Trace %s: %d LLM calls, %,d tokens, $%.6f. Spans exported: %d, dropped: %d.",
            run.traceId,
            run.totals.llmCalls,
            run.totals.usage.totalTokens,
            run.totals.costUsd,
            result.exported,
            result.droppedTotal,
        ),
    )
}
