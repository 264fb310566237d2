package dev.spanwise.samples.readme

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.traced

// Reading spans from the raw in-memory exporter, without the test kit (the README mentions it).
internal suspend fun readmeTestingExample() {
    val spans = Exporters.inMemory()
    val tracing = Tracing { exporter = spans }
    tracing.traced("agent") { llm("call", model = "gpt-4o") { usage(inputTokens = 10, outputTokens = 2) } }
    tracing.flush()
    check(spans.single("call").llm?.usage?.totalTokens == 12L)
    check(spans.childrenOf(spans.single("agent")).size == 1)
    tracing.shutdown()
}
