package dev.spanwise.tracing

import dev.spanwise.tracing.model.ContentMask
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.model.TokenUsage
import dev.spanwise.tracing.scope.CurrentThreadScope
import dev.spanwise.tracing.scope.GlobalAttributes
import dev.spanwise.tracing.scope.RequestAttributes
import dev.spanwise.tracing.scope.currentScope
import dev.spanwise.tracing.testing.inMemoryTracing
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

class DslSpec : FunSpec({
    test("nested scopes and spans share the trace and point at their parents") {
        val (tracing, spans) = inMemoryTracing()
        tracing.traced("agent", correlationId = "order-42", attributes = mapOf("tenant" to "acme")) {
            attribute("user.id", "u-1")
            retrieval("kb-search") { attribute("hits", 3) }
            tool("lookup-order") {
                llm("summarize", provider = "anthropic", model = "claude-sonnet-4") { usage(10, 5) }
            }
            step("post-process") { event("cleaned", mapOf("chars" to 120)) }
        }
        tracing.flush()
        val agent = spans.single("agent")
        agent.kind shouldBe ScopeKind.AGENT
        agent.parentSpanId shouldBe 0L
        agent.attributes["user.id"] shouldBe "u-1"
        agent.attributes["tenant"] shouldBe "acme"
        val kb = spans.single("kb-search")
        kb.kind shouldBe ScopeKind.RETRIEVAL
        kb.parentSpanId shouldBe agent.spanId
        kb.attributes["hits"] shouldBe 3L
        kb.attributes["tenant"] shouldBe "acme"
        kb.attributes["user.id"].shouldBeNull()
        val tool = spans.single("lookup-order")
        tool.kind shouldBe ScopeKind.TOOL
        val llm = spans.single("summarize")
        llm.parentSpanId shouldBe tool.spanId
        llm.kind shouldBe ScopeKind.LLM
        llm.llm!!.provider shouldBe "anthropic"
        llm.llm!!.usage shouldBe TokenUsage(10, 5)
        val post = spans.single("post-process")
        post.kind shouldBe ScopeKind.CHAIN
        post.events.single().name shouldBe "cleaned"
        post.events.single().attributes["chars"] shouldBe 120L
        spans.spans.map { it.traceIdHex }.toSet() shouldHaveSize 1
        spans.spans.map { it.correlationId }.toSet() shouldBe setOf("order-42")
        tracing.shutdown()
    }

    test("a nested traced call is a CHAIN child; an explicit kind wins") {
        val (tracing, spans) = inMemoryTracing()
        tracing.traced("outer") {
            tracing.traced("inner") {}
            tracing.traced("guard", kind = ScopeKind.GUARDRAIL) {}
        }
        tracing.flush()
        spans.single("inner").kind shouldBe ScopeKind.CHAIN
        spans.single("inner").parentSpanId shouldBe spans.single("outer").spanId
        spans.single("guard").kind shouldBe ScopeKind.GUARDRAIL
        tracing.shutdown()
    }

    test("top-level traced uses the Tracing of the current scope, then the context, then the global") {
        val (tracing, spans) = inMemoryTracing()
        tracing.traced("root") { traced("child-of-scope") {} }
        withContext(tracing) { traced("from-context") {} }
        traced("no-tracing-anywhere") { scope.isRecording shouldBe false }
        tracing.flush()
        spans.single("child-of-scope").parentSpanId shouldBe spans.single("root").spanId
        spans.single("from-context").parentSpanId shouldBe 0L
        spans.findByName("no-tracing-anywhere") shouldHaveSize 0
        tracing.shutdown()
    }

    // Reliability matrix: G-1
    test("the user's exception is rethrown as the same instance and recorded once") {
        val (tracing, spans) = inMemoryTracing()
        class MyException(message: String) : Exception(message)
        val thrown = MyException("x").apply { addSuppressed(IllegalStateException("s")) }
        val traceBefore = thrown.stackTrace.toList()
        val caught = shouldThrow<MyException> { tracing.traced("failing") { throw thrown } }
        caught shouldBeSameInstanceAs thrown
        caught.stackTrace.toList() shouldBe traceBefore
        caught.suppressed.toList() shouldHaveSize 1
        tracing.flush()
        spans.spans shouldHaveSize 1
        val span = spans.single("failing")
        span.status shouldBe SpanStatus.ERROR
        span.error!!.type shouldBe MyException::class.java.name
        span.error!!.message shouldBe "x"
        tracing.shutdown()
    }

    // Reliability matrix: G-5
    test("return values pass through unchanged, null and Unit included") {
        val (tracing, _) = inMemoryTracing()
        val big = ByteArray(1 shl 20)
        tracing.traced("null") { null }.shouldBeNull()
        tracing.traced("unit") { } shouldBe Unit
        tracing.traced("big") { big } shouldBeSameInstanceAs big
        tracing.traced("llm-value") { llm("x") { 42 } } shouldBe 42
        tracing.shutdown()
    }

    // Reliability matrix: G-5
    test("a failure inside Spanwise while ending never replaces the result") {
        val (tracing, spans) = inMemoryTracing {
            contentMask = ContentMask { error("mask broken") }
            captureContent = true
        }
        tracing.traced("agent") {
            llm("call") {
                output("secret")
                "result"
            }
        } shouldBe "result"
        tracing.flush()
        spans.single("call").llm!!.output shouldBe "<masked: hook failed>"
        tracing.shutdown()
    }

    test("parallel children under async fan-out get the right parent (1000 coroutines, no cross-talk)") {
        val (tracing, spans) = inMemoryTracing { batching { queueCapacity = 10_000 } }
        tracing.traced("fan-out") {
            coroutineScope {
                (0 until 100).map { i ->
                    async(Dispatchers.Default) {
                        tracing.traced("worker-$i") {
                            (0 until 9).map { j ->
                                async { tool("tool-$i-$j") { scope.name } }
                            }.awaitAll().forEach { it shouldBe it }
                        }
                    }
                }.awaitAll()
            }
        }
        tracing.flush()
        spans.spans shouldHaveSize 1 + 100 + 900
        val root = spans.single("fan-out")
        for (i in 0 until 100) {
            val worker = spans.single("worker-$i")
            worker.parentSpanId shouldBe root.spanId
            spans.childrenOf(worker).map { it.name } shouldContainExactlyInAnyOrder (0 until 9).map { "tool-$i-$it" }
        }
        tracing.shutdown()
    }

    test("the scope inside a block is the current scope of the coroutine, also after dispatcher hops") {
        val (tracing, _) = inMemoryTracing()
        tracing.traced("agent") {
            val mine = scope
            withContext(Dispatchers.IO) { currentScope() shouldBeSameInstanceAs mine }
            llm("call") { currentScope() shouldBeSameInstanceAs scope }
            currentScope() shouldBeSameInstanceAs mine
        }
        currentScope().shouldBeNull()
        tracing.shutdown()
    }

    test("blocking code sees the block's scope with default configuration, and only while the block runs") {
        val (tracing, spans) = inMemoryTracing()
        tracing.traced("agent") {
            val agent = scope
            CurrentThreadScope.get() shouldBeSameInstanceAs agent
            withContext(Dispatchers.IO) { CurrentThreadScope.get() shouldBeSameInstanceAs agent }
            step("step") {
                val step = scope
                delay(1) // resumes by dispatch
                CurrentThreadScope.get() shouldBeSameInstanceAs step
                launch(Dispatchers.Default) { CurrentThreadScope.get() shouldBeSameInstanceAs step }.join()
            }
            // The suspended child block resumed this block in place: the ended step is not current.
            CurrentThreadScope.get() shouldBeSameInstanceAs agent
            // A blocking call opening an explicit LLM call nests under the block without any flag.
            tracing.beginLlmCall("blocking-call", "openai", "gpt-4o").end()
        }
        CurrentThreadScope.get().shouldBeNull()
        tracing.flush()
        spans.single("blocking-call").parentSpanId shouldBe spans.single("agent").spanId
        tracing.shutdown()
    }

    test("request attributes and global attributes merge in order global < request < scope < span") {
        val (tracing, spans) = inMemoryTracing { globalAttributes("k" to "global", "region" to "eu") }
        GlobalAttributes.set("deploy_id", "d-1")
        try {
            withContext(RequestAttributes(mapOf("k" to "request", "route" to "/chat"))) {
                tracing.traced("scope", attributes = mapOf("k" to "scope")) {
                    llm("span") { attribute("k", "span") }
                }
            }
            tracing.flush()
            val scope = spans.single("scope")
            scope.attributes["k"] shouldBe "scope"
            scope.attributes["route"] shouldBe "/chat"
            scope.attributes["region"] shouldBe "eu"
            scope.attributes["deploy_id"] shouldBe "d-1"
            val span = spans.single("span")
            span.attributes["k"] shouldBe "span"
            span.attributes["route"] shouldBe "/chat"
        } finally {
            GlobalAttributes.remove("deploy_id")
        }
        GlobalAttributes.getAll()["deploy_id"].shouldBeNull()
        tracing.shutdown()
    }

    test("an llm span records usage, response model, finish reasons and content only when capture is on") {
        val (off, offSpans) = inMemoryTracing()
        off.traced("a") {
            llm("call", model = "gpt-4o") {
                input("prompt")
                output("answer")
            }
        }
        off.flush()
        offSpans.single("call").llm!!.input.shouldBeNull()
        val (on, onSpans) = inMemoryTracing {
            captureContent = true
            contentMask = ContentMask { it.replace("secret", "***") }
        }
        on.traced("a") {
            llm("call", provider = "openai", model = "gpt-4o") {
                usage(inputTokens = 100, outputTokens = 50, reasoningTokens = 20)
                usage(inputTokens = 1)
                responseModel("gpt-4o-2024-08-06")
                finishReasons("stop")
                input("my secret prompt")
                output("answer")
            }
        }
        on.flush()
        val llm = onSpans.single("call").llm.shouldNotBeNull()
        llm.usage shouldBe TokenUsage(inputTokens = 101, outputTokens = 50, reasoningTokens = 20)
        llm.responseModel shouldBe "gpt-4o-2024-08-06"
        llm.finishReasons shouldBe listOf("stop")
        llm.input shouldBe "my *** prompt"
        llm.output shouldBe "answer"
        off.shutdown()
        on.shutdown()
    }
})
