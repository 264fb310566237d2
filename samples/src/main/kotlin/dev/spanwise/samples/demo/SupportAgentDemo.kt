package dev.spanwise.samples.demo

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.config.EnvironmentConfig
import dev.spanwise.tracing.config.TracingConfig
import dev.spanwise.tracing.exporters.Exporters
import kotlinx.coroutines.runBlocking
import java.nio.file.Path
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
    val environment = EnvironmentConfig.system()
    val jsonLines = Path.of(environment[EnvironmentConfig.JSONL_PATH] ?: "target/spanwise-demo-spans.jsonl").toAbsolutePath()
    // Settings come from SPANWISE_* / OTEL_* when set; the code below wins over them.
    val tracing = Tracing.fromEnvironment(environment) {
        serviceName = "support-bot"
        this.environment = "demo"
        captureContent = true
        // The environment's exporter when it names one, else the console tree plus a JSON Lines file.
        exporter = environment.exporterOr { Exporters.composite(Exporters.console(), Exporters.jsonLines(jsonLines)) }
        demoPricing()
    }
    val run = runBlocking { SupportAgent(tracing).handle("ticket-1042", "My order 1042 arrived damaged, I want a refund") }
    val result = runBlocking { tracing.shutdown() }
    println("Answer: ${run.answer}")
    if (!environment.hasExporter) println("Spans written as JSON Lines to $jsonLines")
    println(
        String.format(
            Locale.ROOT,
            "Trace %s: %d LLM calls, %,d tokens, $%.6f. Spans delivered to every destination: %d, dropped: %d.",
            run.traceId,
            run.totals.llmCalls,
            run.totals.usage.totalTokens,
            run.totals.costUsd,
            result.exported,
            result.droppedTotal,
        ),
    )
}
