package dev.spanwise.tracing

import ch.qos.logback.classic.Level
import dev.spanwise.tracing.exporters.InMemoryExporter
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.scope.CompletedLlmCall
import dev.spanwise.tracing.scope.RequestAttributes
import dev.spanwise.tracing.testing.LogCapture
import dev.spanwise.tracing.testing.inMemoryTracing
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/** Every DSL block is a coroutine scope: children started in it belong to its span, and it waits for them. */
class StructuredScopesSpec : FunSpec({
    fun InMemoryExporter.parentOf(name: String): SpanData? {
        val span = single(name)
        return spans.firstOrNull { it.spanId == span.parentSpanId && it.traceIdLow == span.traceIdLow }
    }

    suspend fun helper(name: String): String = traced(name) { "done" }

    test("async inside async inside a block: every level gets its block as parent, under an outer coroutineScope") {
        val (tracing, spans) = inMemoryTracing()
        coroutineScope {
            tracing.traced("root") {
                val sub = async(Dispatchers.Default) {
                    step("sub-agent", ScopeKind.AGENT) {
                        val inner = async(Dispatchers.IO) {
                            tool("search") { helper("leaf") }
                        }
                        inner.await() + helper("after")
                    }
                }
                sub.await()
            }
        }
        tracing.flush()
        spans.parentOf("sub-agent")!!.name shouldBe "root"
        spans.parentOf("search")!!.name shouldBe "sub-agent"
        spans.parentOf("leaf")!!.name shouldBe "search"
        spans.parentOf("after")!!.name shouldBe "sub-agent"
        spans.spans.map { it.traceIdHex }.toSet() shouldHaveSize 1
        tracing.shutdown()
    }

    test("launch and async inside blocks under runBlocking belong to the blocks, three levels deep") {
        val (tracing, spans) = inMemoryTracing()
        withContext(Dispatchers.Default) {
            runBlocking {
                tracing.traced("root") {
                    launch { helper("launched") }
                    launch(Dispatchers.IO) { traced("launched-io") { delay(5) } }
                    launch(Dispatchers.Default) {
                        step("level-1") {
                            async(Dispatchers.IO) {
                                step("level-2") { launch { helper("level-3") } }
                            }.await()
                        }
                    }
                }
            }
        }
        tracing.flush()
        spans.parentOf("launched")!!.name shouldBe "root"
        spans.parentOf("launched-io")!!.name shouldBe "root"
        spans.parentOf("level-1")!!.name shouldBe "root"
        spans.parentOf("level-2")!!.name shouldBe "level-1"
        spans.parentOf("level-3")!!.name shouldBe "level-2"
        tracing.shutdown()
    }

    test("a block ends only after its children") {
        val (tracing, spans) = inMemoryTracing()
        tracing.traced("root") {
            llm("call", model = "gpt-4o") {
                launch {
                    delay(30)
                    attribute("late", true)
                }
            }
            launch {
                delay(40)
                tool("slow-tool") { delay(5) }
            }
        }
        tracing.flush()
        val root = spans.single("root")
        root.endEpochNanos shouldBeGreaterThanOrEqual spans.single("slow-tool").endEpochNanos
        spans.single("call").attributes["late"] shouldBe true
        spans.single("call").durationNanos shouldBeGreaterThanOrEqual 30_000_000L
        tracing.shutdown()
    }

    test("a failing child fails the block with the same exception and cancels its siblings") {
        val (tracing, spans) = inMemoryTracing()
        val boom = IllegalStateException("tool exploded")
        val started = CompletableDeferred<Unit>()
        val caught = shouldThrow<IllegalStateException> {
            tracing.traced("root") {
                launch {
                    tool("sibling") {
                        started.complete(Unit)
                        awaitCancellation()
                    }
                }
                launch {
                    started.await()
                    tool("failing") { throw boom }
                }
            }
        }
        caught shouldBeSameInstanceAs boom
        tracing.flush()
        spans.single("failing").status shouldBe SpanStatus.ERROR
        spans.single("sibling").status shouldBe SpanStatus.CANCELLED
        spans.single("root").status shouldBe SpanStatus.ERROR
        spans.single("root").error!!.message shouldBe "tool exploded"
        tracing.shutdown()
    }

    test("the caller can catch a block's failure and go on: the caller's coroutine is not cancelled") {
        val (tracing, spans) = inMemoryTracing()
        val result = tracing.traced("root") {
            val first = runCatching { step("failing-step") { async { error("no") }.await() } }
            step("next-step") { delay(1) }
            first.isFailure
        }
        result shouldBe true
        tracing.flush()
        spans.single("failing-step").status shouldBe SpanStatus.ERROR
        spans.single("next-step").status shouldBe SpanStatus.OK
        spans.single("root").status shouldBe SpanStatus.OK
        tracing.shutdown()
    }

    test("withTimeout inside a block is a failure: ERROR naming the timeout") {
        val (tracing, spans) = inMemoryTracing()
        shouldThrow<TimeoutCancellationException> {
            tracing.traced("root") {
                withTimeout(20) { tool("slow") { delay(5_000) } }
            }
        }
        tracing.flush()
        spans.single("slow").status shouldBe SpanStatus.ERROR
        spans.single("slow").error!!.type shouldContain "TimeoutCancellationException"
        spans.single("root").status shouldBe SpanStatus.ERROR
        tracing.shutdown()
    }

    test("withTimeout outside a block is a failure too; other cancellations stay CANCELLED") {
        val (tracing, spans) = inMemoryTracing()
        shouldThrow<TimeoutCancellationException> {
            withTimeout(20) { tracing.traced("timed-out") { delay(5_000) } }
        }
        val job = CoroutineScope(Dispatchers.Default).launch { tracing.traced("cancelled") { awaitCancellation() } }
        delay(20)
        job.cancelAndJoin()
        tracing.flush()
        spans.single("timed-out").status shouldBe SpanStatus.ERROR
        spans.single("timed-out").error!!.type shouldContain "TimeoutCancellationException"
        spans.single("cancelled").status shouldBe SpanStatus.CANCELLED
        spans.single("cancelled").error shouldBe null
        tracing.shutdown()
    }

    test("a cancelled caller does not start the block") {
        val (tracing, spans) = inMemoryTracing()
        var ran = false
        val job = CoroutineScope(Dispatchers.Default).launch {
            kotlinx.coroutines.currentCoroutineContext()[kotlinx.coroutines.Job]!!.cancel()
            tracing.traced("never") { ran = true }
        }
        job.join()
        ran shouldBe false
        tracing.flush()
        spans.single("never").status shouldBe SpanStatus.CANCELLED
        tracing.shutdown()
    }

    test("a flow with flowOn inside a block: the producer's spans belong to the block") {
        val (tracing, spans) = inMemoryTracing()
        val items = tracing.traced("root") {
            flow {
                repeat(3) { emit(traced("produce-$it") { it }) }
            }.flowOn(Dispatchers.IO).toList()
        }
        items shouldBe listOf(0, 1, 2)
        tracing.flush()
        (0..2).forEach { spans.parentOf("produce-$it")!!.name shouldBe "root" }
        tracing.shutdown()
    }

    test("fan-out of 50 async children on Default: every one a child of its block") {
        val (tracing, spans) = inMemoryTracing()
        tracing.traced("root") {
            (1..50).map { i -> async(Dispatchers.Default) { tool("t$i") { delay((i % 5).toLong()) } } }.awaitAll()
        }
        tracing.flush()
        (1..50).forEach { spans.parentOf("t$it")!!.name shouldBe "root" }
        tracing.shutdown()
    }

    test("explicit spans inside coroutine code keep the request attributes and the coroutine's parent") {
        val (tracing, spans) = inMemoryTracing()
        withContext(RequestAttributes(mapOf("tenant.id" to "t-7"))) {
            tracing.traced("root") {
                scope.createLlmCall("explicit-llm", "openai", "gpt-4o").end()
                tracing.recordSpan(
                    scope,
                    CompletedLlmCall(name = "recorded-llm", startedAt = java.time.Instant.now(), endedAt = java.time.Instant.now()),
                )
                tracing.beginInContext("in-context").end()
                tracing.beginLlmCallInContext("in-context-llm", model = "gpt-4o").end()
                tracing.recordSpanInContext(
                    CompletedLlmCall(name = "recorded-in-context", startedAt = java.time.Instant.now(), endedAt = java.time.Instant.now()),
                )
            }
        }
        tracing.flush()
        listOf("explicit-llm", "recorded-llm", "in-context", "in-context-llm", "recorded-in-context").forEach {
            spans.single(it).attributes["tenant.id"] shouldBe "t-7"
            spans.parentOf(it)!!.name shouldBe "root"
        }
        spans.single("in-context").kind shouldBe ScopeKind.CHAIN
        tracing.shutdown()
    }

    test("a scope whose parent is in another service is the local root: kind AGENT by default") {
        val (tracing, spans) = inMemoryTracing()
        val remote = "0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331"
        tracing.traced("from-header", parentScopeId = remote) { }
        tracing.flush()
        spans.single("from-header").kind shouldBe ScopeKind.AGENT
        tracing.shutdown()
    }

    test("top-level traced with no Tracing anywhere warns once and counts what it did not record") {
        val before = Tracing.unconfiguredScopeCount()
        LogCapture.capture("dev.spanwise.tracing") { logs ->
            val app = CoroutineScope(SupervisorJob() + Dispatchers.Default)
            app.launch { traced("orphan") { "ran" } }.join()
            app.launch { traced("orphan-2") { "ran" } }.join()
            Tracing.unconfiguredScopeCount() shouldBeGreaterThanOrEqual before + 2
            val warnings = logs.messages(Level.WARN).filter { it.contains("found no Tracing") }
            if (before == 0L) warnings shouldHaveSize 1
            warnings.forEach { it shouldContain "Tracing.global" }
        }
    }
})
