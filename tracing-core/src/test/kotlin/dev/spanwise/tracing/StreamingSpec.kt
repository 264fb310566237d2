package dev.spanwise.tracing

import dev.spanwise.tracing.exporters.ConsoleExporter
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.model.TokenUsage
import dev.spanwise.tracing.testing.inMemoryTracing
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.doubles.shouldBeGreaterThanOrEqual
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emptyFlow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import java.io.ByteArrayOutputStream
import java.io.PrintStream

/** A chunk of a streamed chat answer: text, and on the last one the usage and finish reason. */
private data class Chunk(val text: String, val usage: TokenUsage? = null, val finish: String? = null)

/** [texts] as chunks after [firstDelayMs], the last one carrying [usage] and `stop`. */
private fun answer(vararg texts: String, firstDelayMs: Long = 0, usage: TokenUsage = TokenUsage(120, 40)): Flow<Chunk> = flow {
    delay(firstDelayMs)
    texts.forEachIndexed { i, t ->
        emit(if (i == texts.lastIndex) Chunk(t, usage, "stop") else Chunk(t))
    }
}

/** What the examples record per chunk. */
private val recordChunk: dev.spanwise.tracing.scope.LlmRecorder.(Chunk) -> Unit = { chunk ->
    chunk.usage?.let { usage(inputTokens = it.inputTokens, outputTokens = it.outputTokens) }
    chunk.finish?.let { finishReasons(it) }
}

class StreamingSpec : FunSpec({
    test("a collected stream records time to first chunk, chunk count, the final chunk's usage and finish reasons") {
        val (tracing, spans) = inMemoryTracing()
        val collected = tracing.traced("agent") {
            answer("Hel", "lo", "!", firstDelayMs = 60)
                .tracedLlmStream("answer", provider = "openai", model = "gpt-4o", onChunk = recordChunk)
                .toList()
        }
        collected.joinToString("") { it.text } shouldBe "Hello!"
        tracing.flush()
        val span = spans.single("answer")
        span.kind shouldBe ScopeKind.LLM
        span.status shouldBe SpanStatus.OK
        span.parentSpanId shouldBe spans.single("agent").spanId
        span.attributes["gen_ai.request.stream"] shouldBe true
        span.attributes["spanwise.stream.chunks"] shouldBe 3L
        val ttft = span.attributes["gen_ai.response.time_to_first_chunk"] as Double
        ttft shouldBeGreaterThanOrEqual 0.06
        ttft shouldBeLessThan span.durationNanos / 1e9 + 1e-9
        span.llm!!.usage shouldBe TokenUsage(120, 40)
        span.llm!!.finishReasons shouldBe listOf("stop")
        span.llm!!.provider shouldBe "openai"
        span.llm!!.requestModel shouldBe "gpt-4o"
        tracing.shutdown()
    }

    test("an upstream error mid-stream ends the span ERROR and reaches the collector as the same instance") {
        val (tracing, spans) = inMemoryTracing()
        val boom = IllegalStateException("connection reset")
        val received = mutableListOf<String>()
        val caught = shouldThrow<IllegalStateException> {
            tracing.traced("agent") {
                flow {
                    emit(Chunk("Hel"))
                    throw boom
                }.tracedLlmStream("answer", model = "gpt-4o").collect { received += it.text }
            }
        }
        caught shouldBeSameInstanceAs boom
        received shouldBe listOf("Hel")
        tracing.flush()
        val span = spans.single("answer")
        span.status shouldBe SpanStatus.ERROR
        span.error!!.type shouldBe IllegalStateException::class.java.name
        span.error!!.message shouldBe "connection reset"
        span.attributes["spanwise.stream.chunks"] shouldBe 1L
        tracing.shutdown()
    }

    test("a collector that throws ends the span ERROR with its exception, rethrown unchanged") {
        val (tracing, spans) = inMemoryTracing()
        val stop = IllegalArgumentException("bad chunk")
        val caught = shouldThrow<IllegalArgumentException> {
            tracing.traced("agent") {
                answer("a", "b", "c").tracedLlmStream("answer").collect { if (it.text == "b") throw stop }
            }
        }
        caught shouldBeSameInstanceAs stop
        tracing.flush()
        val span = spans.single("answer")
        span.status shouldBe SpanStatus.ERROR
        span.attributes["spanwise.stream.chunks"] shouldBe 2L
        tracing.shutdown()
    }

    test("cancelling the collecting job ends the span CANCELLED with the usage that arrived") {
        val (tracing, spans) = inMemoryTracing()
        val firstChunkSeen = CompletableDeferred<Unit>()
        coroutineScope {
            val job = launch {
                tracing.traced("agent") {
                    flow {
                        emit(Chunk("partial", usage = TokenUsage(inputTokens = 300)))
                        awaitCancellation()
                    }.tracedLlmStream("answer", model = "gpt-4o", onChunk = recordChunk)
                        .collect { firstChunkSeen.complete(Unit) }
                }
            }
            firstChunkSeen.await()
            job.cancel()
        }
        tracing.flush()
        val span = spans.single("answer")
        span.status shouldBe SpanStatus.CANCELLED
        span.error.shouldBeNull()
        span.llm!!.usage shouldBe TokenUsage(inputTokens = 300)
        span.attributes["spanwise.stream.chunks"] shouldBe 1L
        spans.single("agent").status shouldBe SpanStatus.CANCELLED
        tracing.shutdown()
    }

    test("take(n) stopping early is a normal end: OK with n chunks") {
        val (tracing, spans) = inMemoryTracing()
        val upstreamFinished = CompletableDeferred<Boolean>()
        val firstTwo = tracing.traced("agent") {
            flow {
                try {
                    for (i in 1..5) emit(Chunk("c$i"))
                    upstreamFinished.complete(true)
                } finally {
                    upstreamFinished.complete(false)
                }
            }.tracedLlmStream("answer").take(2).toList()
        }
        firstTwo.map { it.text } shouldBe listOf("c1", "c2")
        upstreamFinished.await() shouldBe false
        tracing.flush()
        val span = spans.single("answer")
        span.status shouldBe SpanStatus.OK
        span.error.shouldBeNull()
        span.attributes["spanwise.stream.chunks"] shouldBe 2L
        spans.single("agent").status shouldBe SpanStatus.OK
        tracing.shutdown()
    }

    test("an empty stream ends OK with zero chunks and no time to first chunk") {
        val (tracing, spans) = inMemoryTracing()
        tracing.traced("agent") { emptyFlow<Chunk>().tracedLlmStream("answer").toList().shouldBeEmpty() }
        tracing.flush()
        val span = spans.single("answer")
        span.status shouldBe SpanStatus.OK
        span.attributes["spanwise.stream.chunks"] shouldBe 0L
        span.attributes["gen_ai.response.time_to_first_chunk"].shouldBeNull()
        span.attributes["gen_ai.request.stream"] shouldBe true
        tracing.shutdown()
    }

    test("each collection is its own span, a child of the collecting coroutine's innermost scope, with cost rolled up") {
        val (tracing, spans) = inMemoryTracing { pricing { model("gpt-4o", input = 2.50, output = 10.00) } }
        val stream = answer("a", "b").tracedLlmStream("answer", model = "gpt-4o", onChunk = recordChunk)
        val totals = tracing.traced("agent") {
            stream.toList()
            step("refine") { stream.toList() }
            scope.totals()
        }
        totals.llmCalls shouldBe 2
        tracing.flush()
        val agent = spans.single("agent")
        val refine = spans.single("refine")
        val answers = spans.findByName("answer")
        answers.map { it.parentSpanId }.toSet() shouldBe setOf(agent.spanId, refine.spanId)
        answers.all { it.traceIdHex == agent.traceIdHex } shouldBe true
        answers.all { it.llm!!.costUsd != null } shouldBe true
        tracing.shutdown()
    }

    test("with tracing disabled, or no Tracing at all, the chunks pass through unchanged and nothing is recorded") {
        val chunks = listOf(Chunk("a"), Chunk("b", TokenUsage(1, 2), "stop"))
        var seen = 0
        val disabled = Tracing { enabled = false }
        val throughDisabled = withContext(disabled) {
            traced("agent") { flow { chunks.forEach { emit(it) } }.tracedLlmStream("answer") { seen++ }.toList() }
        }
        throughDisabled.size shouldBe 2
        throughDisabled.indices.all { throughDisabled[it] === chunks[it] } shouldBe true
        val withoutTracing = flow { chunks.forEach { emit(it) } }.tracedLlmStream("answer") { seen++ }.toList()
        withoutTracing.indices.all { withoutTracing[it] === chunks[it] } shouldBe true
        seen shouldBe 0
    }

    test("the console tree shows time to first chunk and chunk count on a streamed call") {
        val buffer = ByteArrayOutputStream()
        val tracing = Tracing { exporter = Exporters.composite(ConsoleExporter(PrintStream(buffer, true, "UTF-8"))) }
        tracing.traced("agent") {
            answer("a", "b", "c", firstDelayMs = 30).tracedLlmStream("answer", model = "gpt-4o", onChunk = recordChunk).toList()
            emptyFlow<Chunk>().tracedLlmStream("nothing", model = "gpt-4o").toList()
            llm("plain", model = "gpt-4o") { usage(inputTokens = 1, outputTokens = 1) }
        }
        tracing.shutdown()
        val lines = buffer.toString("UTF-8").lines()
        val answer = lines.single { "LLM answer" in it }
        answer shouldContain Regex("gpt-4o {2}TTFT \\d+ ms, 3 chunks {2}tokens 120 in / 40 out")
        lines.single { "LLM nothing" in it } shouldContain "gpt-4o  0 chunks"
        (lines.single { "LLM plain" in it }.contains("chunk")) shouldBe false
    }
})
