package dev.spanwise.tracing

import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.testing.inMemoryTracing
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeInRange
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.coroutineScope
import java.lang.management.ManagementFactory

class SamplingAndDisabledSpec : FunSpec({
    test("sampling keeps or drops whole traces, decided from the trace id") {
        val (tracing, spans) = inMemoryTracing {
            sampleRate = 0.5
            batching { queueCapacity = 20_000 }
        }
        repeat(2_000) {
            tracing.traced("root-$it") {
                llm("child") {}
                tool("tool") {}
            }
        }
        tracing.flush()
        val roots = spans.spans.filter { it.name.startsWith("root-") }
        roots.size shouldBeInRange 850..1150
        val traces = roots.map { it.traceIdHex }.toSet()
        spans.spans.filter { it.name == "child" }.map { it.traceIdHex }.toSet() shouldBe traces
        spans.spans.filter { it.name == "tool" }.map { it.traceIdHex }.toSet() shouldBe traces
        tracing.shutdown()
    }

    test("a sampled-out scope still has ids, so headers propagate and the other side decides the same") {
        val (tracing, spans) = inMemoryTracing { sampleRate = 0.0 }
        val scope = tracing.begin("dropped")
        scope.isRecording shouldBe false
        scope.id.length shouldBe 49
        scope.traceparent() shouldContain "-00"
        val (other, otherSpans) = inMemoryTracing { sampleRate = 0.0 }
        other.begin("remote-child", parentScopeId = scope.id).apply { isRecording shouldBe false }.end()
        scope.end()
        tracing.flush().exported shouldBe 0L
        other.flush().exported shouldBe 0L
        spans.spans.shouldBeEmpty()
        otherSpans.spans.shouldBeEmpty()
        tracing.shutdown()
        other.shutdown()
    }

    test("disabled tracing runs the blocks, records nothing and costs about what coroutineScope costs per block") {
        val spans = Exporters.inMemory()
        val tracing = Tracing {
            enabled = false
            exporter = spans
        }
        tracing.isEnabled shouldBe false
        val disabledScope = tracing.begin("unused")
        val disabledLlm = tracing.beginLlmCall("unused")
        var sum = 0L
        suspend fun traced(i: Int): Long = tracing.traced("agent") {
            attribute("user", "u-1")
            llm("call", model = "gpt-4o") {
                usage(inputTokens = 10)
                i.toLong()
            }
        }

        // The floor: every DSL block is a coroutine scope (launch/async inside must work the same
        // whether tracing is on or off), so disabled tracing costs what coroutineScope costs, no more.
        suspend fun direct(i: Int): Long = coroutineScope {
            disabledScope.attribute("user", "u-1")
            coroutineScope {
                disabledLlm.usage(inputTokens = 10)
                i.toLong()
            }
        }
        val mx = ManagementFactory.getThreadMXBean() as com.sun.management.ThreadMXBean
        val thread = Thread.currentThread().id
        suspend fun bytesPerCall(f: suspend (Int) -> Long): Long {
            repeat(20_000) { sum += f(it) } // warm-up
            return (1..3).minOf {
                val before = mx.getThreadAllocatedBytes(thread)
                repeat(100_000) { sum += f(it) }
                (mx.getThreadAllocatedBytes(thread) - before) / 100_000
            }
        }
        val floor = bytesPerCall(::direct)
        val disabled = bytesPerCall(::traced)
        // A disabled block is one small coroutine: its Job and a view of the caller's context, within
        // ~70 bytes of what coroutineScope itself allocates (two blocks here; a recorded span is ~1 KB).
        // The exact B/op figure comes from the JMH suite (-prof gc).
        (disabled - floor) shouldBeLessThan 160L
        traced(41) shouldBe 41L // the blocks did run and their value came back
        tracing.flush().exported shouldBe 0L
        spans.spans.shouldBeEmpty()
        tracing.begin("x").isRecording shouldBe false
    }

    test("configuration errors fail at build time and name the value") {
        shouldThrow<IllegalArgumentException> { Tracing { sampleRate = 1.5 } }.message shouldContain "1.5"
        shouldThrow<IllegalArgumentException> { Tracing { serviceName = " " } }.message shouldContain "serviceName"
        shouldThrow<IllegalArgumentException> { Tracing { batching { queueCapacity = -3 } } }.message shouldContain "-3"
        shouldThrow<IllegalArgumentException> { Tracing { batching { maxBatchSize = 0 } } }.message shouldContain "maxBatchSize"
    }
})
