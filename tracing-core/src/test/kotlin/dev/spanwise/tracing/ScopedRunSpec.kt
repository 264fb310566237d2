package dev.spanwise.tracing

import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.scope.ScopeElement
import dev.spanwise.tracing.scope.currentScope
import dev.spanwise.tracing.testing.inMemoryTracing
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asContextElement
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield

/** The DSL's blocks run in the caller's coroutine; these cases complete after a suspension. */
class ScopedRunSpec : FunSpec({
    test("a block that fails after suspending: the same instance reaches the caller and the span is ERROR") {
        val (tracing, spans) = inMemoryTracing()
        val thrown = IllegalStateException("late")
        val traceBefore = thrown.stackTrace.toList()
        val caught = shouldThrow<IllegalStateException> {
            tracing.traced("agent") {
                tool("slow") {
                    delay(5)
                    withContext(Dispatchers.IO) { yield() }
                    throw thrown
                }
            }
        }
        caught shouldBeSameInstanceAs thrown
        caught.stackTrace.toList() shouldBe traceBefore
        tracing.flush()
        spans.single("slow").status shouldBe SpanStatus.ERROR
        spans.single("slow").error!!.message shouldBe "late"
        spans.single("agent").status shouldBe SpanStatus.ERROR
        tracing.shutdown()
    }

    test("a block that returns after suspending: value, parents and the caller's context are restored") {
        val (tracing, spans) = inMemoryTracing()
        val outer = tracing.traced("agent") {
            val agent = scope
            val answer = llm("call") {
                delay(5)
                withContext(Dispatchers.IO) { currentScope() shouldBeSameInstanceAs scope }
                usage(inputTokens = 3, outputTokens = 2)
                "answer"
            }
            currentScope() shouldBeSameInstanceAs agent
            answer
        }
        outer shouldBe "answer"
        currentScope().shouldBeNull()
        tracing.flush()
        spans.single("call").parentSpanId shouldBe spans.single("agent").spanId
        spans.single("call").status shouldBe SpanStatus.OK
        tracing.shutdown()
    }

    test("a cancelled caller does not start the block; the scope ends CANCELLED") {
        val (tracing, spans) = inMemoryTracing()
        var ran = false
        var propagated: Throwable? = null
        coroutineScope {
            launch {
                coroutineContext.job.cancel()
                try {
                    tracing.traced("never") { ran = true }
                } catch (e: CancellationException) {
                    propagated = e
                }
            }
        }
        ran shouldBe false
        (propagated is CancellationException) shouldBe true
        tracing.flush()
        spans.single("never").status shouldBe SpanStatus.CANCELLED
        tracing.shutdown()
    }

    test("the block's context is the caller's plus the scope: names, thread-context elements and children see both") {
        val (tracing, spans) = inMemoryTracing()
        val local = ThreadLocal<String?>()
        withContext(Dispatchers.Default + CoroutineName("caller") + local.asContextElement("mdc-value")) {
            tracing.traced("agent") {
                val agent = scope
                currentCoroutineContext()[CoroutineName]?.name shouldBe "caller"
                currentCoroutineContext()[ScopeElement]?.scope shouldBeSameInstanceAs agent
                currentCoroutineContext().minusKey(ScopeElement)[ScopeElement].shouldBeNull()
                (currentCoroutineContext() + CoroutineName("x"))[ScopeElement]?.scope shouldBeSameInstanceAs agent
                step("inner") {
                    delay(5) // resumes through the dispatcher, restoring thread-context elements
                    local.get() shouldBe "mdc-value"
                    coroutineScope {
                        List(8) { i ->
                            async(Dispatchers.IO) {
                                local.get() shouldBe "mdc-value"
                                currentCoroutineContext()[CoroutineName]?.name shouldBe "caller"
                                tool("t$i") { currentScope()?.name }
                            }
                        }.awaitAll() shouldBe List(8) { "t$it" }
                    }
                }
            }
        }
        tracing.flush()
        val inner = spans.single("inner")
        for (i in 0 until 8) spans.single("t$i").parentSpanId shouldBe inner.spanId
        inner.parentSpanId shouldBe spans.single("agent").spanId
        tracing.shutdown()
    }
})
