package dev.spanwise.tracing

import dev.spanwise.tracing.internal.engine.RecordingSpan
import dev.spanwise.tracing.model.ContentMask
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanLevel
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.testing.inMemoryTracing
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe

/** Sessions, users, tags and metadata; input and output on any span; levels; request parameters and prompts. */
class AgentModelSpec : FunSpec({
    test("DSL: identity set in a child is carried by every span of the local trace that ends afterwards") {
        val (tracing, spans) = inMemoryTracing()
        tracing.traced("agent") {
            tool("early") { }
            step("plan") {
                session("s-1")
                user("u-7")
                tags("beta", "vip", "beta")
                metadata("plan", "pro")
                metadata("seats", 3)
                metadata("ratio", 0.5)
                metadata("trial", false)
                metadata("ignored", listOf(1))
            }
            llm("answer", provider = "openai", model = "gpt-4o") { tags("llm") }
        }
        tracing.flush()
        spans.single("early").identity.shouldBeNull()
        val agent = spans.single("agent").identity.shouldNotBeNull()
        agent.sessionId shouldBe "s-1"
        agent.userId shouldBe "u-7"
        agent.tags.toList() shouldContainExactly listOf("beta", "vip", "llm")
        agent.metadata shouldBe mapOf("plan" to "pro", "seats" to 3L, "ratio" to 0.5, "trial" to false)
        spans.single("plan").identity!!.tags.toList() shouldContainExactly listOf("beta", "vip")
        spans.single("answer").identity!!.sessionId shouldBe "s-1"
    }

    test("explicit API: identity on a root, read back through traceIdentity, inherited by children") {
        val (tracing, spans) = inMemoryTracing()
        val root = tracing.begin("agent")
        root.traceIdentity.shouldBeNull()
        root.session("conv-9")
        val child = root.createChild("step")
        child.user("u-1")
        child.tags("a")
        child.metadata("tier", "gold")
        root.traceIdentity!!.userId shouldBe "u-1"
        child.end()
        root.end()
        tracing.flush()
        spans.single("step").identity!!.sessionId shouldBe "conv-9"
        spans.single("agent").identity!!.metadata shouldBe mapOf("tier" to "gold")
    }

    test("a trace that never sets identity, content or a warning allocates no holder") {
        val (tracing, spans) = inMemoryTracing()
        val root = tracing.begin("plain") as RecordingSpan
        val child = root.createChild("child") as RecordingSpan
        child.attribute("k", "v")
        root.extras.shouldBeNull()
        child.extras?.identityHolder.shouldBeNull()
        child.extras.shouldBeNull()
        root.llmState.shouldBeNull()
        child.end()
        root.end()
        tracing.flush()
        spans.single("plain").identity.shouldBeNull()
        spans.single("plain").level shouldBe SpanLevel.DEFAULT
    }

    test("blank identity values are ignored") {
        val (tracing, spans) = inMemoryTracing()
        tracing.traced("agent") {
            session(" ")
            user("")
            tags("", "  ")
            metadata("", "x")
        }
        tracing.flush()
        val identity = spans.single("agent").identity
        (identity == null || identity.isEmpty) shouldBe true
    }

    test("input and output on tool, retrieval and step spans follow the content rules") {
        val (tracing, spans) = inMemoryTracing {
            captureContent = true
            contentMask = ContentMask { it.replace("secret", "***") }
        }
        tracing.traced("agent") {
            input("question with secret")
            tool("lookup") {
                input("order 42")
                output("shipped")
            }
            retrieval("kb") { output("3 docs") }
            llm("answer", provider = "openai", model = "gpt-4o") {
                input("prompt")
                output("completion")
            }
            output("done")
        }
        tracing.flush()
        spans.single("agent").input shouldBe "question with ***"
        spans.single("agent").output shouldBe "done"
        spans.single("lookup").input shouldBe "order 42"
        spans.single("lookup").output shouldBe "shipped"
        spans.single("kb").output shouldBe "3 docs"
        val answer = spans.single("answer")
        answer.input shouldBe "prompt"
        answer.llm!!.input shouldBe "prompt"
        answer.llm!!.output shouldBe "completion"
    }

    test("input and output are dropped when content capture is off, and bounded when on") {
        val (off, offSpans) = inMemoryTracing()
        off.traced("agent") { tool("t") { input("x") } }
        off.flush()
        offSpans.single("t").input.shouldBeNull()
        val (on, onSpans) = inMemoryTracing {
            captureContent = true
            maxContentBytes = 8
        }
        val scope = on.begin("explicit", kind = ScopeKind.TOOL)
        scope.input("0123456789abcdef")
        scope.end()
        on.flush()
        onSpans.single("explicit").input!!.length shouldBe 8
    }

    test("warning marks WARNING without failing; an error stays ERROR") {
        val (tracing, spans) = inMemoryTracing()
        tracing.traced("agent") {
            tool("slow") { warning("took 9 s") }
            runCatching {
                tool("broken") {
                    warning("retrying")
                    error("gave up")
                }
            }
        }
        val explicit = tracing.begin("explicit")
        explicit.warning("partial answer")
        explicit.end()
        tracing.flush()
        val slow = spans.single("slow")
        slow.status shouldBe SpanStatus.OK
        slow.level shouldBe SpanLevel.WARNING
        slow.levelMessage shouldBe "took 9 s"
        val broken = spans.single("broken")
        broken.status shouldBe SpanStatus.ERROR
        broken.level shouldBe SpanLevel.ERROR
        broken.levelMessage shouldBe "gave up"
        spans.single("explicit").level shouldBe SpanLevel.WARNING
        spans.single("agent").level shouldBe SpanLevel.DEFAULT
    }

    test("DSL: request parameters merge, response id and prompt with variables under capture") {
        val (tracing, spans) = inMemoryTracing { captureContent = true }
        tracing.traced("agent") {
            llm("answer", provider = "openai", model = "gpt-4o") {
                request(temperature = 0.2, maxTokens = 512, stopSequences = listOf("END"))
                request(topP = 0.9, seed = 7, stream = true, choiceCount = 2, temperature = 0.3)
                request(topK = 40, frequencyPenalty = 0.1, presencePenalty = 0.2, maxTokens = -1, temperature = Double.NaN)
                responseId("chatcmpl-1")
                prompt("support-answer", version = "3", variables = mapOf("tone" to "friendly", "limit" to 5))
            }
        }
        tracing.flush()
        val llm = spans.single("answer").llm!!
        val r = llm.request!!
        r.temperature shouldBe 0.3
        r.topP shouldBe 0.9
        r.topK shouldBe 40L
        r.maxTokens shouldBe 512L
        r.seed shouldBe 7L
        r.stopSequences shouldBe listOf("END")
        r.frequencyPenalty shouldBe 0.1
        r.presencePenalty shouldBe 0.2
        r.stream shouldBe true
        r.choiceCount shouldBe 2L
        llm.responseId shouldBe "chatcmpl-1"
        llm.prompt!!.name shouldBe "support-answer"
        llm.prompt!!.version shouldBe "3"
        llm.prompt!!.variables shouldBe mapOf("tone" to "friendly", "limit" to "5")
    }

    test("explicit LlmScope: prompt variables are dropped when capture is off, name and version kept") {
        val (tracing, spans) = inMemoryTracing()
        val call = tracing.beginLlmCall("answer", "anthropic", "claude-sonnet-4")
        call.request(temperature = 1.0)
        call.prompt("p", "v1", mapOf("secret" to "x"))
        call.responseId("msg_1")
        call.end()
        tracing.flush()
        val llm = spans.single("answer").llm!!
        llm.request!!.temperature shouldBe 1.0
        llm.prompt!!.name shouldBe "p"
        llm.prompt!!.version shouldBe "v1"
        llm.prompt!!.variables shouldBe emptyMap()
        llm.responseId shouldBe "msg_1"
    }

    test("calls after end are ignored") {
        val (tracing, spans) = inMemoryTracing { captureContent = true }
        val scope = tracing.begin("agent")
        scope.end()
        scope.session("late")
        scope.input("late")
        scope.warning("late")
        tracing.flush()
        val agent = spans.single("agent")
        agent.identity.shouldBeNull()
        agent.input.shouldBeNull()
        agent.level shouldBe SpanLevel.DEFAULT
    }

    test("disabled tracing ignores every new call") {
        val scope = Tracing.DISABLED.begin("x")
        scope.session("s")
        scope.tags("t")
        scope.input("i")
        scope.warning("w")
        scope.traceIdentity.shouldBeNull()
    }
})
