package dev.spanwise.tracing

import dev.spanwise.tracing.model.ContentMask
import dev.spanwise.tracing.testing.inMemoryTracing
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.runBlocking

class MaskSpec : FunSpec({
    // Reliability matrix: F4
    test("a mask that throws fails closed; the raw content is never stored") {
        val (tracing, spans) = inMemoryTracing {
            captureContent = true
            contentMask = ContentMask { throw IllegalStateException("boom") }
        }
        tracing.traced("a") {
            llm("call") {
                input("card 4111-1111-1111-1111")
                output("ok")
            }
        }
        tracing.flush()
        val llm = spans.single("call").llm!!
        llm.input shouldBe "<masked: hook failed>"
        llm.output shouldBe "<masked: hook failed>"
        tracing.shutdown()
    }

    // Reliability matrix: F4
    test("a mask that records spans itself does not recurse; the nested capture is dropped") {
        lateinit var tracing: Tracing
        val (t, spans) = inMemoryTracing {
            captureContent = true
            contentMask = ContentMask { content ->
                runBlocking { tracing.traced("inside-mask") { llm("nested") { input(content) } } }
                content.uppercase()
            }
        }
        tracing = t
        tracing.traced("a") { llm("call") { input("hello") } }
        tracing.flush()
        spans.single("call").llm!!.input shouldBe "HELLO"
        spans.single("nested").llm!!.input shouldBe null
        tracing.shutdown()
    }

    test("error messages pass through the mask too") {
        val (tracing, spans) = inMemoryTracing { contentMask = ContentMask { it.replace(Regex("\\d{4}"), "####") } }
        runCatching { tracing.traced("a") { error("card 4111 declined") } }
        tracing.flush()
        spans.single("a").error!!.message shouldBe "card #### declined"
        tracing.shutdown()
    }
})
