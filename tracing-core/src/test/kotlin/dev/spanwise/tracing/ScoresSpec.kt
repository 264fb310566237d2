package dev.spanwise.tracing

import ch.qos.logback.classic.Level
import dev.spanwise.tracing.exporters.InMemoryExporter
import dev.spanwise.tracing.model.ContentMask
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.testing.LogCapture
import dev.spanwise.tracing.testing.inMemoryTracing
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

private fun InMemoryExporter.evaluations(): List<SpanData> = spans.filter { it.kind == ScopeKind.EVALUATION }

private fun SpanData.eventAttributes(): Map<String, Any?> {
    val event = events.single()
    event.name shouldBe "gen_ai.evaluation.result"
    return (0 until event.attributes.size).associate { event.attributes.keyAt(it) to event.attributes.valueAt(it) }
}

class ScoresSpec : FunSpec({
    test("a score recorded in a DSL block is a zero-length evaluation span under the block's span") {
        val (tracing, spans) = inMemoryTracing()
        tracing.traced("support-agent", correlationId = "order-42") {
            llm("answer", provider = "openai", model = "gpt-4o") {
                scope.score("helpfulness", 0.9, comment = "complete and polite")
            }
        }
        tracing.flush()
        val answer = spans.single("answer")
        val score = spans.single("evaluation helpfulness")
        score.kind shouldBe ScopeKind.EVALUATION
        score.traceIdHex shouldBe answer.traceIdHex
        score.parentSpanId shouldBe answer.spanId
        score.parentIsRemote shouldBe false
        score.correlationId shouldBe "order-42"
        score.durationNanos shouldBe 0L
        score.status shouldBe SpanStatus.OK
        score.attributes["gen_ai.evaluation.name"] shouldBe "helpfulness"
        score.attributes["gen_ai.evaluation.score.value"] shouldBe 0.9
        score.attributes["gen_ai.evaluation.score.label"].shouldBeNull()
        score.attributes["gen_ai.evaluation.explanation"] shouldBe "complete and polite"
        score.attributes["spanwise.score.type"] shouldBe "numeric"
        score.attributes["spanwise.score.target"] shouldBe answer.scopeId
        val event = score.eventAttributes()
        event["gen_ai.evaluation.name"] shouldBe "helpfulness"
        event["gen_ai.evaluation.score.value"] shouldBe 0.9
        event["gen_ai.evaluation.explanation"] shouldBe "complete and polite"
        tracing.shutdown()
    }

    test("explicit scopes take numeric, boolean and categorical scores, also after they ended") {
        val (tracing, spans) = inMemoryTracing()
        val scope = tracing.begin("rag")
        scope.score("relevance", 4.0)
        scope.score("correct", true)
        scope.score("tone", "friendly", "reviewed by the support lead")
        scope.end()
        scope.score("resolved", false)
        tracing.flush()
        val rag = spans.single("rag")
        spans.evaluations() shouldHaveSize 4
        for (s in spans.evaluations()) s.parentSpanId shouldBe rag.spanId
        val correct = spans.single("evaluation correct").attributes
        correct["gen_ai.evaluation.score.value"] shouldBe 1.0
        correct["gen_ai.evaluation.score.label"] shouldBe "true"
        correct["spanwise.score.type"] shouldBe "boolean"
        val resolved = spans.single("evaluation resolved").attributes
        resolved["gen_ai.evaluation.score.value"] shouldBe 0.0
        resolved["gen_ai.evaluation.score.label"] shouldBe "false"
        val tone = spans.single("evaluation tone")
        tone.attributes["gen_ai.evaluation.score.value"].shouldBeNull()
        tone.attributes["gen_ai.evaluation.score.label"] shouldBe "friendly"
        tone.attributes["spanwise.score.type"] shouldBe "categorical"
        tone.eventAttributes()["gen_ai.evaluation.score.label"] shouldBe "friendly"
        tone.eventAttributes().containsKey("gen_ai.evaluation.score.value") shouldBe false
        tracing.shutdown()
    }

    test("a score by scope id, from code that only has the id, is a child of that scope in its trace") {
        val (agentSide, agentSpans) = inMemoryTracing()
        val scope = agentSide.begin("support-agent")
        val id = scope.id
        scope.end()
        agentSide.shutdown()

        val (feedbackSide, spans) = inMemoryTracing()
        feedbackSide.score(scopeId = id, "thumbs-up", true, "user clicked 👍")
        feedbackSide.flush()
        val score = spans.single("evaluation thumbs-up")
        val target = agentSpans.single("support-agent")
        score.traceIdHex shouldBe target.traceIdHex
        score.parentSpanId shouldBe target.spanId
        score.parentIsRemote shouldBe true
        score.attributes["spanwise.score.target"] shouldBe id
        score.attributes["gen_ai.evaluation.explanation"] shouldBe "user clicked 👍"
        feedbackSide.shutdown()
    }

    test("a score by trace id is a root span in that trace") {
        val (tracing, spans) = inMemoryTracing()
        val traceId = tracing.traced("support-agent") { scope.traceId }
        tracing.scoreTrace(traceId, "resolution", "resolved")
        tracing.scoreTrace(traceId, "csat", 4.5, comment = "survey")
        tracing.flush()
        val resolution = spans.single("evaluation resolution")
        resolution.traceIdHex shouldBe traceId
        resolution.parentSpanId shouldBe 0L
        resolution.isLocalRoot shouldBe true
        resolution.attributes["spanwise.score.target"] shouldBe traceId
        resolution.attributes["gen_ai.evaluation.score.label"] shouldBe "resolved"
        spans.single("evaluation csat").attributes["gen_ai.evaluation.score.value"] shouldBe 4.5
        tracing.shutdown()
    }

    test("invalid scores are ignored, never thrown, and logged") {
        val (tracing, spans) = inMemoryTracing()
        LogCapture.capture { log ->
            val scope = tracing.begin("agent")
            scope.score(" ", 1.0)
            scope.score("nan", Double.NaN)
            scope.score("inf", Double.POSITIVE_INFINITY)
            scope.score("label", "  ")
            scope.end()
            tracing.score(scopeId = "not-a-scope-id", "x", 1.0)
            tracing.score(scopeId = scope.traceId, "x", 1.0)
            tracing.scoreTrace(scope.id, "x", 1.0)
            tracing.scoreTrace("0".repeat(32), "x", 1.0)
            tracing.scoreTrace(scope.traceId.uppercase(), "x", 1.0)
            tracing.scoreTrace(scope.traceId, "", true)
            tracing.flush()
            spans.evaluations().shouldBeEmpty()
            val warnings = log.messages(Level.WARN).filter { it.contains("not recorded") }
            warnings.isNotEmpty() shouldBe true
            warnings.first() shouldContain "blank score name"
        }
        tracing.shutdown()
    }

    test("the comment is kept with content capture off, but the content mask still applies") {
        val (tracing, spans) = inMemoryTracing { contentMask = ContentMask { it.replace(Regex("[\\w.]+@[\\w.]+"), "<email>") } }
        val scope = tracing.begin("agent")
        scope.score("helpfulness", 0.2, "wrong refund for ana@example.com")
        scope.end()
        tracing.flush()
        spans.single("evaluation helpfulness").attributes["gen_ai.evaluation.explanation"] shouldBe "wrong refund for <email>"
        tracing.shutdown()
    }

    test("a score follows its trace's sampling decision; disabled tracing records nothing") {
        val (sampledOut, spans) = inMemoryTracing { sampleRate = 0.0 }
        val scope = sampledOut.begin("agent")
        scope.score("x", 1.0)
        sampledOut.score(scopeId = "0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331", "x", 1.0)
        sampledOut.scoreTrace("0af7651916cd43dd8448eb211c80319c", "x", 1.0)
        sampledOut.flush()
        spans.spans.shouldBeEmpty()
        sampledOut.shutdown()

        Tracing.DISABLED.begin("agent").score("x", 1.0)
        Tracing.DISABLED.scoreTrace("0af7651916cd43dd8448eb211c80319c", "x", true)
    }
})
