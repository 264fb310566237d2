package dev.spanwise.samples.explicit

import dev.spanwise.samples.demo.demoPricing
import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.config.EnvironmentConfig
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.model.TokenUsage
import dev.spanwise.tracing.scope.CompletedLlmCall
import kotlinx.coroutines.runBlocking
import java.time.Instant

/** A provider SDK that reports tokens after the call, as most do. */
private class ChatResult(val text: String, val promptTokens: Long, val completionTokens: Long, val cachedTokens: Long)

private fun callModel(prompt: String): ChatResult {
    Thread.sleep(30)
    if (prompt.contains("fail")) throw IllegalStateException("429 Too Many Requests")
    return ChatResult("Summary of: ${prompt.take(30)}", promptTokens = 900, completionTokens = 120, cachedTokens = 512)
}

/**
 * The explicit style: scopes are begun and ended by hand and LLM calls are timed by the caller and
 * recorded afterwards — for code that is not written with coroutines, or that wraps a provider SDK.
 */
fun main() {
    val tracing = Tracing {
        serviceName = "summarizer"
        exporter = EnvironmentConfig.system().exporterOr(Exporters.console())
        demoPricing()
    }

    // --- explicit style ---
    val scope = tracing.begin("summarize", correlationId = "doc-7", attributes = mapOf("user_id" to "user-123"))
    val started = Instant.now()
    val result = callModel("Summarize the quarterly report")
    tracing.recordSpan(
        scope,
        CompletedLlmCall(
            name = "summarize-call",
            startedAt = started,
            endedAt = Instant.now(),
            provider = "openai",
            model = "gpt-4o",
            usage = TokenUsage(inputTokens = result.promptTokens, outputTokens = result.completionTokens, cacheReadTokens = result.cachedTokens),
        ),
    )

    val retryStarted = Instant.now()
    try {
        callModel("please fail")
    } catch (e: IllegalStateException) {
        tracing.recordError(scope, CompletedLlmCall("summarize-retry", retryStarted, Instant.now(), provider = "openai", model = "gpt-4o"), e)
    }

    val child = scope.createChild("publish") // a child scope, ended by hand
    child.attribute("channel", "slack")
    child.end()
    scope.end()
    // --- end ---

    println("Cost of the scope so far: $" + "%.6f".format(scope.totals().costUsd))
    runBlocking { tracing.shutdown() }
}
