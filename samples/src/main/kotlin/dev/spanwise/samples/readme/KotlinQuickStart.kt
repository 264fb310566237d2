package dev.spanwise.samples.readme

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.retrieval
import dev.spanwise.tracing.tool
import dev.spanwise.tracing.traced
import kotlinx.coroutines.async

// The README's Kotlin examples, kept here so that the build compiles them.
// ReadmeSnippetsTest checks that every Kotlin block of the README appears in this folder.

private class Reply(val text: String, val inTok: Long, val outTok: Long, val cached: Long)

private object Kb {
    suspend fun search(q: String): List<String> = listOf("doc about $q")
}

private object Client {
    suspend fun chat(q: String, docs: List<String>): Reply = Reply("answer to $q using ${docs.size} docs", 1200, 80, 1024)
}

private object Orders {
    suspend fun refund(orderId: String): String = "refund for $orderId"
}

internal suspend fun kotlinQuickStart(userId: String, q: String): String {
    // --- quick start ---
    val tracing = Tracing {
        serviceName = "support-bot"
        environment = "production"
        exporter = Exporters.console()
        pricing { model("gpt-4o", input = 2.50, output = 10.00, cacheRead = 1.25) }
        globalAttributes("region" to "us-east-1")
    }

    val answer = tracing.traced("support-agent", correlationId = "order-42") {
        attribute("user.id", userId)
        val docs = retrieval("kb-search") { Kb.search(q) }
        llm("answer", provider = "openai", model = "gpt-4o") {
            val r = Client.chat(q, docs)
            usage(inputTokens = r.inTok, outputTokens = r.outTok, cacheReadTokens = r.cached)
            r.text
        }
    }

    tracing.shutdown()
    // --- end ---
    return answer
}

internal suspend fun parallelSubAgents(tracing: Tracing): List<String> =
    // --- sub-agents ---
    tracing.traced("planner") {
        val billing = async { traced("billing-agent", kind = ScopeKind.AGENT) { tool("refund") { Orders.refund("42") } } }
        val policy = async { traced("policy-agent", kind = ScopeKind.AGENT) { retrieval("policy-search") { Kb.search("refunds") } } }
        listOf(billing.await()) + policy.await()
    }
// --- end ---
