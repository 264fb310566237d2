package dev.spanwise.tracing

import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.model.TokenUsage
import dev.spanwise.tracing.propagation.ParentLink
import dev.spanwise.tracing.scope.CompletedLlmCall
import dev.spanwise.tracing.testing.inMemoryTracing
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldMatch
import java.time.Instant

class ExplicitScopeSpec : FunSpec({
    test("numeric attributes keep their values through the primitive overloads, in scopes and DSL blocks") {
        val (tracing, spans) = inMemoryTracing()
        val scope = tracing.begin("numbers")
        scope.attribute("long", 4_096L)
        scope.attribute("int", 7)
        scope.attribute("double", 0.25)
        scope.attribute("boxed", 3L as Any?)
        scope.end()
        tracing.traced("dsl") {
            attribute("long", Long.MAX_VALUE)
            attribute("double", -1.5)
        }
        tracing.flush()
        val numbers = spans.single("numbers").attributes
        numbers["long"] shouldBe 4_096L
        numbers["int"] shouldBe 7L
        numbers["double"] shouldBe 0.25
        numbers["boxed"] shouldBe 3L
        spans.single("dsl").attributes["long"] shouldBe Long.MAX_VALUE
        spans.single("dsl").attributes["double"] shouldBe -1.5
        tracing.shutdown()
    }

    test("begin, createChild and end build a linked tree; ending twice counts once") {
        val (tracing, spans) = inMemoryTracing()
        val scope = tracing.begin("rag", correlationId = "order-42", attributes = mapOf("user_id" to "u-7"))
        scope.id shouldMatch Regex("[0-9a-f]{32}-[0-9a-f]{16}")
        scope.traceparent() shouldBe "00-${scope.traceId}-${scope.spanId}-01"
        val child = scope.createChild("synthesis")
        child.correlationId shouldBe "order-42"
        child.parentScopeId shouldBe scope.id
        child.end()
        child.end()
        child.attribute("late", 1)
        scope.end(SpanStatus.OK)
        tracing.flush()
        spans.spans shouldHaveSize 2
        val synthesis = spans.single("synthesis")
        synthesis.attributes["user_id"] shouldBe "u-7"
        synthesis.attributes["late"].shouldBeNull()
        synthesis.parentScopeId shouldBe scope.id
        tracing.shutdown()
    }

    test("a scope id from another service makes begin() a real child in the same trace") {
        val (upstream, _) = inMemoryTracing()
        val (downstream, spans) = inMemoryTracing()
        val caller = upstream.begin("gateway")
        val callee = downstream.begin("worker", parentScopeId = caller.id)
        callee.traceId shouldBe caller.traceId
        callee.parentScopeId shouldBe caller.id
        callee.end()
        val fromTraceparent = downstream.begin("via-w3c", parentScopeId = caller.traceparent())
        fromTraceparent.traceId shouldBe caller.traceId
        fromTraceparent.end()
        downstream.flush()
        val worker = spans.single("worker")
        worker.parentIsRemote shouldBe true
        worker.parentSpanIdHex shouldBe caller.spanId
        caller.end()
        upstream.shutdown()
        downstream.shutdown()
    }

    test("an invalid parentScopeId starts a new root; a Tracentic-style id becomes a logical parent") {
        val (tracing, spans) = inMemoryTracing()
        tracing.begin("bad", parentScopeId = "abc\r\nX-Injected: 1").end()
        tracing.begin("logical", parentScopeId = "tracentic-scope-123").end()
        tracing.flush()
        spans.single("bad").parentSpanId shouldBe 0L
        spans.single("bad").logicalParentId.shouldBeNull()
        spans.single("logical").parentSpanId shouldBe 0L
        spans.single("logical").logicalParentId shouldBe "tracentic-scope-123"
        tracing.shutdown()
    }

    test("recordSpan records an LLM call timed by the caller, with cost; recordError marks it failed") {
        val (tracing, spans) = inMemoryTracing { pricing { model("gpt-4o", input = 2.5, output = 10.0) } }
        val scope = tracing.begin("agent")
        val start = Instant.parse("2026-03-14T10:00:00Z")
        tracing.recordSpan(
            scope,
            CompletedLlmCall(
                name = "answer",
                startedAt = start,
                endedAt = start.plusMillis(1500),
                provider = "openai",
                model = "gpt-4o",
                usage = TokenUsage(inputTokens = 1_000_000, outputTokens = 100_000),
            ),
        )
        tracing.recordError(scope, CompletedLlmCall("retry", start, start.plusMillis(10), model = "gpt-4o"), IllegalStateException("rate limited"))
        tracing.recordSpan(CompletedLlmCall("orphan", start.plusMillis(5), start, model = "unknown-model"))
        scope.totals().costUsd shouldBe 3.5
        scope.totals().llmCalls shouldBe 2
        scope.end()
        tracing.flush()
        val answer = spans.single("answer")
        answer.parentSpanId shouldBe spans.single("agent").spanId
        answer.startEpochNanos shouldBe start.toEpochMilli() * 1_000_000
        answer.durationNanos shouldBe 1_500_000_000L
        answer.llm!!.costUsd shouldBe 3.5
        val retry = spans.single("retry")
        retry.status shouldBe SpanStatus.ERROR
        retry.error!!.message shouldBe "rate limited"
        spans.single("orphan").durationNanos shouldBe 0L
        spans.single("orphan").parentSpanId shouldBe 0L
        tracing.shutdown()
    }

    test("explicit LLM calls (beginLlmCall / createLlmCall) record usage and roll cost up to every ancestor") {
        val (tracing, spans) = inMemoryTracing { pricing { model("m", input = 1.0, output = 2.0) } }
        val root = tracing.begin("root")
        val mid = root.createChild("mid")
        val call = mid.createLlmCall("call", provider = "p", model = "m")
        call.usage(inputTokens = 1_000_000, outputTokens = 1_000_000)
        call.end()
        mid.totals().costUsd shouldBe 3.0
        root.totals().costUsd shouldBe 3.0
        root.totals().usage.totalTokens shouldBe 2_000_000L
        mid.end()
        root.end()
        val standalone = tracing.beginLlmCall("standalone", "p", "m", operation = "embeddings")
        standalone.kind shouldBe ScopeKind.EMBEDDING
        standalone.end()
        tracing.flush()
        spans.single("call").parentSpanId shouldBe spans.single("mid").spanId
        spans.single("standalone").llm!!.operation shouldBe "embeddings"
        tracing.shutdown()
    }

    test("ParentLink is strict: upper case, wrong lengths, zero ids and injected text are rejected") {
        val good = "0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331"
        ParentLink.parse(good)!!.scopeId shouldBe good
        ParentLink.parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")!!.scopeId shouldBe good
        for (bad in listOf(
            good.uppercase(), good.dropLast(1), good + "0", "00000000000000000000000000000000-b7ad6b7169203331",
            "0af7651916cd43dd8448eb211c80319c-0000000000000000", "$good,$good", " $good".trim() + " ",
            "0af7651916cd43dd8448eb211c80319c_b7ad6b7169203331", "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            "", "x".repeat(10_000),
        )) {
            ParentLink.parse(bad).shouldBeNull()
        }
    }
})
