package dev.spanwise.tracing

import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.testing.inMemoryTracing
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout

class CancellationSpec : FunSpec({
    // Reliability matrix: G-3
    test("a cancelled parent job ends the scope CANCELLED, without an error, and the cancellation propagates") {
        val (tracing, spans) = inMemoryTracing()
        val started = CompletableDeferred<Unit>()
        var propagated: Throwable? = null
        var cancelledAtNanos = 0L
        coroutineScope {
            val job = launch {
                try {
                    tracing.traced("long-running") {
                        llm("waiting") {
                            started.complete(Unit)
                            awaitCancellation()
                        }
                    }
                } catch (e: CancellationException) {
                    propagated = e
                    throw e
                }
            }
            started.await()
            cancelledAtNanos = System.currentTimeMillis() * 1_000_000
            job.cancel()
        }
        val joinedAtNanos = System.currentTimeMillis() * 1_000_000
        (propagated is CancellationException) shouldBe true
        tracing.flush()
        for (name in listOf("long-running", "waiting")) {
            val span = spans.single(name)
            span.status shouldBe SpanStatus.CANCELLED
            span.error.shouldBeNull()
            (span.endEpochNanos >= cancelledAtNanos - 5_000_000) shouldBe true
            (span.endEpochNanos <= joinedAtNanos + 5_000_000) shouldBe true
        }
        tracing.shutdown()
    }

    // Reliability matrix: G-4
    test("a timeout from an inner withTimeout escaping while we are active is an ERROR, rethrown unchanged") {
        val (tracing, spans) = inMemoryTracing()
        var inner: TimeoutCancellationException? = null
        val caught = shouldThrow<TimeoutCancellationException> {
            tracing.traced("with-timeout") {
                try {
                    withTimeout(10) { delay(1_000) }
                } catch (e: TimeoutCancellationException) {
                    inner = e
                    throw e
                }
            }
        }
        caught shouldBeSameInstanceAs inner
        tracing.flush()
        val span = spans.single("with-timeout")
        span.status shouldBe SpanStatus.ERROR
        span.error!!.type shouldBe TimeoutCancellationException::class.java.name
        tracing.shutdown()
    }
})
