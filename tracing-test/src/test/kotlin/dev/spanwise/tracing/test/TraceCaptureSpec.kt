package dev.spanwise.tracing.test

import dev.spanwise.tracing.llm
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.step
import dev.spanwise.tracing.tool
import dev.spanwise.tracing.traced
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.async

class TraceCaptureSpec : FunSpec({
    val traces = register(TraceCaptureListener { pricing { model("gpt-4o", input = 2.50, output = 10.00) } })

    suspend fun agentRun(capture: TraceCapture) {
        capture.tracing.traced("support-agent") {
            attribute("retries", 3)
            attribute("ratio", 0.5f)
            val docs = async { tool("search") { "docs" } }
            docs.await()
            step("plan") {
                llm("answer", provider = "openai", model = "gpt-4o") {
                    usage(inputTokens = 120, outputTokens = 40, cacheReadTokens = 20, reasoningTokens = 10)
                    responseModel("gpt-4o-2024-08-06")
                }
            }
            runCatching { tool("flaky") { error("tool down") } }
        }
    }

    test("navigates the captured tree: parent, children, descendants, root") {
        val capture = traces.capture
        agentRun(capture)
        val agent = capture.span("support-agent")
        capture.parentOf(capture.span("answer"))!!.name shouldBe "plan"
        capture.childrenOf(agent).map { it.name }.sorted() shouldContainExactly listOf("flaky", "plan", "search")
        capture.descendantsOf(agent) shouldHaveSize 4
        capture.rootOf(capture.span("answer")).name shouldBe "support-agent"
        capture.roots().map { it.name } shouldContainExactly listOf("support-agent")
    }

    test("assertions read like the model and pass on what was recorded") {
        val capture = traces.capture
        agentRun(capture)
        capture.assertThat("answer").isLlmCall().isUnder("plan").isInside("support-agent")
            .hasModel("gpt-4o").hasResponseModel("gpt-4o-2024-08-06")
            .hasInputTokens(120).hasOutputTokens(40).hasCacheReadTokens(20).hasReasoningTokens(10)
            .hasCost(120 * 2.50 / 1e6 + 40 * 10.00 / 1e6).isOk()
        capture.assertThat("support-agent").isAgent().isRoot().hasChildren("search", "plan", "flaky")
            .hasAttribute("retries", 3).hasAttribute("ratio", 0.5).hasNoAttribute("missing")
        capture.assertThat("flaky").isTool().failedWith(IllegalStateException::class.java)
        capture.assertThat("plan").isKind(ScopeKind.CHAIN).hasStatus(SpanStatus.OK)
    }

    test("a failed check names the span and says what it found") {
        val capture = traces.capture
        agentRun(capture)
        shouldThrow<AssertionError> { capture.assertThat("answer").isUnder("support-agent") }.message shouldBe
            "span 'answer': expected to be under 'support-agent', but its parent is 'plan'"
        shouldThrow<AssertionError> { capture.assertThat("answer").hasInputTokens(100) }.message shouldContain "it has 120"
        shouldThrow<AssertionError> { capture.assertThat("support-agent").hasAttribute("retries", 4) }.message shouldContain "it is 3"
        shouldThrow<AssertionError> { capture.assertThat("search").hasCost(0.1) }.message shouldContain "without LLM data"
        shouldThrow<AssertionError> { capture.span("nope") }.message shouldContain "spans: [answer, flaky, plan, search, support-agent]"
    }

    test("every test gets a fresh capture") {
        traces.capture.spans() shouldHaveSize 0
        traces.capture.tracing.traced("only") { }
        traces.capture.spans().map { it.name } shouldContainExactly listOf("only")
        traces.capture.clear()
        traces.capture.spans() shouldHaveSize 0
    }
})
