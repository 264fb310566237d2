package dev.spanwise.tracing

import dev.spanwise.tracing.model.AttributeLimits
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.model.TokenUsage
import dev.spanwise.tracing.testing.inMemoryTracing
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith

class LimitsSpec : FunSpec({
    // Reliability matrix: J3
    test("128 attributes are kept, the 129th is dropped and counted") {
        val (tracing, spans) = inMemoryTracing()
        tracing.begin("at-limit").apply { repeat(128) { attribute("k$it", it) } }.end()
        tracing.begin("over-limit").apply { repeat(129) { attribute("k$it", it) } }.end()
        tracing.flush()
        spans.single("at-limit").attributes.size shouldBe 128
        spans.single("at-limit").droppedAttributes shouldBe 0
        spans.single("over-limit").attributes.size shouldBe 128
        spans.single("over-limit").droppedAttributes shouldBe 1
        tracing.shutdown()
    }

    // Reliability matrix: J3
    test("keys of 256 and values of 4096 chars are kept; one more is truncated") {
        val (tracing, spans) = inMemoryTracing()
        val key256 = "k".repeat(256)
        val key257 = "q".repeat(257)
        tracing.begin("s").apply {
            attribute(key256, "v".repeat(4096))
            attribute(key257, "w".repeat(4097))
        }.end()
        tracing.flush()
        val attrs = spans.single("s").attributes
        attrs[key256] shouldBe "v".repeat(4096)
        attrs["q".repeat(256)] shouldBe "w".repeat(4096)
        tracing.shutdown()
    }

    test("truncation never splits a surrogate pair") {
        val limits = AttributeLimits.of(maxValueLength = 5)
        val (tracing, spans) = inMemoryTracing { this.limits = limits }
        // "abcd" + U+1F600 (two chars) would be cut between the pair at 5.
        tracing.begin("s").apply { attribute("emoji", "abcd\uD83D\uDE00") }.end()
        tracing.flush()
        spans.single("s").attributes["emoji"] shouldBe "abcd"
        tracing.shutdown()
    }

    // Reliability matrix: J3
    test("content of 1 MB is kept, 1 MB + 1 byte is truncated on a code point boundary") {
        val (tracing, spans) = inMemoryTracing { captureContent = true }
        val exact = "a".repeat(1_000_000)
        val over = "a".repeat(999_999) + "é"
        tracing.traced("agent") {
            llm("exact") { input(exact) }
            llm("over") { input(over) }
        }
        tracing.flush()
        spans.single("exact").llm!!.input!!.length shouldBe 1_000_000
        spans.single("over").llm!!.input shouldBe "a".repeat(999_999)
        tracing.shutdown()
    }

    test("limits are clamped into [1, platform max]") {
        val clamped = AttributeLimits.of(maxAttributes = 0, maxKeyLength = -5, maxValueLength = Int.MAX_VALUE, maxDepth = 1000)
        clamped.maxAttributes shouldBe 1
        clamped.maxKeyLength shouldBe 1
        clamped.maxValueLength shouldBe AttributeLimits.PLATFORM_MAX_LENGTH
        clamped.maxDepth shouldBe AttributeLimits.PLATFORM_MAX_DEPTH
    }

    test("J1/J4: odd values are normalised without throwing; cycles and deep nesting are marked") {
        val (tracing, spans) = inMemoryTracing()
        val cycle = mutableListOf<Any?>("a")
        cycle.add(cycle)
        var deep: Any = "leaf"
        repeat(200) { deep = listOf(deep) }
        val throwing = object {
            override fun toString(): String = throw IllegalStateException("no")
        }
        val map = mutableMapOf<String, Any?>("x" to 1)
        map["self"] = map
        tracing.begin("s").apply {
            attribute("int", 7)
            attribute("float", 1.5f)
            attribute("nan", Double.NaN)
            attribute("list", listOf(1, 2, 3))
            attribute("mixed", listOf(1, "a"))
            attribute("cycle", cycle)
            attribute("deep", deep)
            attribute("throwing", throwing)
            attribute("map", map)
            attribute("bytes", ByteArray(3))
            attribute("null", null)
            attribute("", "empty key")
        }.end()
        tracing.flush()
        val a = spans.single("s").attributes
        a["int"] shouldBe 7L
        a["float"] shouldBe 1.5
        (a["nan"] as Double).isNaN() shouldBe true
        a["list"] shouldBe listOf(1L, 2L, 3L)
        a["mixed"] shouldBe "[1,\"a\"]"
        a["cycle"] shouldBe "[\"a\",\"<cycle>\"]"
        (a["deep"] as String).contains("<depth>") shouldBe true
        (a["throwing"] as String) shouldStartWith "<unserializable: "
        a["map"] shouldBe "{\"x\":1,\"self\":\"<cycle>\"}"
        a["bytes"] shouldBe "<3 bytes>"
        a["null"] shouldBe null
        a.size shouldBe 10
        tracing.shutdown()
    }

    // Reliability matrix: F3
    test("API misuse is sanitised, never thrown") {
        val (tracing, spans) = inMemoryTracing()
        tracing.traced("") {
            llm("tokens") {
                usage(inputTokens = -5, outputTokens = Long.MAX_VALUE)
                usage(outputTokens = 10)
            }
        }
        val scope = tracing.begin("twice")
        scope.end()
        scope.end()
        scope.event("late")
        scope.recordException(RuntimeException("late"))
        tracing.flush()
        spans.single("unnamed").status shouldBe SpanStatus.OK
        spans.single("tokens").llm!!.usage shouldBe TokenUsage(inputTokens = 0, outputTokens = Long.MAX_VALUE)
        spans.single("twice").events.size shouldBe 0
        spans.single("twice").error shouldBe null
        tracing.shutdown()
    }
})
