package dev.spanwise.samples.demo

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.UsageTotals
import dev.spanwise.tracing.retrieval
import dev.spanwise.tracing.scope.TraceScopeDsl
import dev.spanwise.tracing.step
import dev.spanwise.tracing.tool
import dev.spanwise.tracing.traced
import dev.spanwise.tracing.tracedLlmStream
import kotlinx.coroutines.async

/** The outcome of one agent run. */
data class AgentRun(val answer: String, val traceId: String, val totals: UsageTotals)

/**
 * A customer-support agent: it searches the knowledge base, classifies the request, runs a billing
 * sub-agent and a policy sub-agent in parallel (the billing one recovers from a failing tool), then
 * composes the answer and checks it for personal data. Every step is a span.
 */
class SupportAgent(
    private val tracing: Tracing,
    private val client: FakeLlm = FakeLlm(),
    private val kb: KnowledgeBase = KnowledgeBase(),
    private val orders: OrderService = OrderService(),
) {
    suspend fun handle(ticketId: String, customerMessage: String): AgentRun = tracing.traced(
        "support-agent",
        correlationId = ticketId,
        attributes = mapOf("channel" to "email"),
    ) {
        attribute("customer.tier", "gold")
        // The whole trace belongs to the customer's conversation; tags make it easy to filter.
        session("conversation-$ticketId")
        tags("support", "email")
        input(customerMessage)
        val docs = retrieval("kb-search") {
            kb.search(customerMessage).also { attribute("retrieval.documents", it.size) }
        }
        val intent = chat("classify-intent", "gpt-4o-mini", "Classify this request: $customerMessage", cacheSystemPrompt = true)
        // launch/async inside a block are children of its scope; the block waits for them.
        val billing = async { billingAgent(ticketId) }
        val compliance = async { policyAgent(docs) }
        val refund = billing.await()
        val policy = compliance.await()
        // The reply is streamed: its span records the time to the first chunk and the chunk count.
        val answer = streamChat("compose-answer", "gpt-4o", "Write the reply. $intent. $refund. $policy")
        step("pii-check", ScopeKind.GUARDRAIL) {
            val passed = !answer.contains('@')
            attribute("guardrail.passed", passed)
            // An automatic check recorded as a score: exported as an EVALUATION span under this step.
            scope.score("no-personal-data", passed, comment = "no e-mail address in the reply")
        }
        AgentRun(answer, scope.traceId, scope.totals())
    }

    private suspend fun billingAgent(ticketId: String): String = tracing.traced("billing-agent", kind = ScopeKind.AGENT) {
        // The model answers with a tool call; each tool span that executes it carries the call id and
        // links back to this LLM call.
        val call = chooseTool("choose-tool", "gpt-4o-mini", "Find order 1042 for ticket $ticketId")
        // The first call fails (its span ends ERROR); the agent retries once and goes on.
        val order = try {
            tool("lookup-order", callId = call.id) { lookupOrder(call.arguments) }
        } catch (e: OrderServiceTimeout) {
            event("tool.retry", mapOf("tool" to "lookup-order", "reason" to e.message))
            tool("lookup-order", callId = call.id, attributes = mapOf("retry.attempt" to 1)) { lookupOrder(call.arguments) }
        }
        chat("draft-refund", "o3-mini", "Draft a refund for ticket $ticketId: $order")
    }

    private suspend fun policyAgent(docs: List<String>): String = tracing.traced("policy-agent", kind = ScopeKind.AGENT) {
        val policies = retrieval("policy-search") { docs.filter { it.contains("days") } }
        chat("check-policy", "claude-sonnet-4", "Check the refund against: $policies", cacheSystemPrompt = true, provider = "anthropic")
    }

    private suspend fun TraceScopeDsl.chat(
        name: String,
        model: String,
        prompt: String,
        cacheSystemPrompt: Boolean = false,
        provider: String = "openai",
    ): String = llm(name, provider = provider, model = model) {
        input(prompt)
        val reply = client.chat(model, SYSTEM_PROMPT, prompt, cacheSystemPrompt, writesCache = provider == "anthropic")
        usage(
            inputTokens = reply.inputTokens,
            outputTokens = reply.outputTokens,
            cacheReadTokens = reply.cachedInputTokens,
            cacheWriteTokens = reply.cacheWriteTokens,
            reasoningTokens = reply.reasoningTokens,
        )
        responseModel(reply.model)
        finishReasons(reply.finishReason)
        output(reply.text)
        reply.text
    }

    private suspend fun TraceScopeDsl.chooseTool(name: String, model: String, prompt: String): ToolCall =
        llm(name, provider = "openai", model = model) {
            input(prompt)
            val reply = client.chat(model, SYSTEM_PROMPT, prompt, cacheSystemPrompt = true)
            usage(inputTokens = reply.inputTokens, outputTokens = reply.outputTokens, cacheReadTokens = reply.cachedInputTokens)
            responseModel(reply.model)
            finishReasons("tool_calls")
            val call = ToolCall("call_lookup_1042", "lookup-order", """{"order_id":"1042"}""")
            toolCall(call.id, call.name, call.arguments)
            call
        }

    /** Runs inside the tool's span: its arguments and result are the span's input and output. */
    private suspend fun TraceScopeDsl.lookupOrder(arguments: String): Map<String, Any> {
        input(arguments)
        return orders.lookup("1042").also { output(it.toString()) }
    }

    /** A tool call as a model's response asks for it. */
    private class ToolCall(val id: String, val name: String, val arguments: String)

    private suspend fun streamChat(name: String, model: String, prompt: String): String {
        val text = StringBuilder()
        client.chatStream(model, SYSTEM_PROMPT, prompt, cacheSystemPrompt = true)
            .tracedLlmStream(name, provider = "openai", model = model) { chunk ->
                val reply = chunk.done ?: return@tracedLlmStream
                input(prompt)
                usage(inputTokens = reply.inputTokens, outputTokens = reply.outputTokens, cacheReadTokens = reply.cachedInputTokens)
                responseModel(reply.model)
                finishReasons(reply.finishReason)
                output(reply.text)
            }
            .collect { text.append(it.text) }
        return text.toString()
    }

    private companion object {
        val SYSTEM_PROMPT = "You are the support assistant of an online shop. Be brief, friendly and exact. ".repeat(12)
    }
}
