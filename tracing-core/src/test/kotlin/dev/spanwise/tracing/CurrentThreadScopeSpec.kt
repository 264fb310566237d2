package dev.spanwise.tracing

import ch.qos.logback.classic.Level
import dev.spanwise.tracing.scope.CurrentThreadScope
import dev.spanwise.tracing.testing.LogCapture
import dev.spanwise.tracing.testing.inMemoryTracing
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeSameInstanceAs

/**
 * The thread-local current scope heals itself: an attached scope stops being current once it is
 * detached or ended; restore() undoes enter() even out of order; misuse is counted, never thrown.
 */
class CurrentThreadScopeSpec : FunSpec({
    test("attached scopes detached out of order leave the innermost still-open one current, then none") {
        val (tracing, _) = inMemoryTracing()
        val parent = tracing.begin("parent")
        val child = tracing.begin("child")
        val p = CurrentThreadScope.attach(parent)
        val c = CurrentThreadScope.attach(child)
        parent.end()
        CurrentThreadScope.detach(parent, p) shouldBeSameInstanceAs child
        CurrentThreadScope.get() shouldBeSameInstanceAs child
        child.end()
        CurrentThreadScope.detach(child, c).shouldBeNull()
        CurrentThreadScope.get().shouldBeNull()
        CurrentThreadScope.detach(child, c).shouldBeNull() // twice: ignored
        tracing.begin("next").parentScopeId.shouldBeNull()
        tracing.shutdown()
    }

    test("an attached scope ended on another thread is skipped at once on its own thread") {
        val (tracing, _) = inMemoryTracing()
        val outer = tracing.begin("outer")
        val inner = tracing.begin("inner")
        val o = CurrentThreadScope.attach(outer)
        CurrentThreadScope.attach(inner)
        Thread { inner.end() }.apply { start() }.join()
        CurrentThreadScope.get() shouldBeSameInstanceAs outer
        outer.end()
        CurrentThreadScope.detach(outer, o).shouldBeNull()
        CurrentThreadScope.get().shouldBeNull()
        tracing.shutdown()
    }

    test("an entered scope stays current until restored, even once it has ended") {
        val (tracing, _) = inMemoryTracing()
        val scope = tracing.begin("captured")
        scope.end()
        val previous = CurrentThreadScope.enter(scope)
        CurrentThreadScope.get() shouldBeSameInstanceAs scope
        CurrentThreadScope.restore(previous)
        CurrentThreadScope.get().shouldBeNull()
        tracing.shutdown()
    }

    test("restore() called out of order still leaves the thread with no scope, and an unmatched one is counted and warned once") {
        val (tracing, _) = inMemoryTracing()
        val a = tracing.begin("a")
        val b = tracing.begin("b")
        LogCapture.capture("dev.spanwise.tracing.scope.CurrentThreadScope") { log ->
            val before = CurrentThreadScope.unmatchedRestores()
            val pa = CurrentThreadScope.enter(a)
            val pb = CurrentThreadScope.enter(b)
            CurrentThreadScope.restore(pa) // out of order: undoes both enters
            CurrentThreadScope.get().shouldBeNull()
            CurrentThreadScope.restore(pb) // nothing left to undo
            CurrentThreadScope.get().shouldBeNull()
            CurrentThreadScope.restore(null)
            CurrentThreadScope.unmatchedRestores() shouldBe before + 2
            val warnings = log.messages(Level.WARN)
            if (before == 0L) {
                warnings shouldHaveSize 1
                warnings[0] shouldContain "restore(a) on thread '${Thread.currentThread().name}' matches no enter()"
            }
        }
        tracing.shutdown()
    }

    test("an entered value shields attached scopes below it and drops those attached above it when restored") {
        val (tracing, _) = inMemoryTracing()
        val outer = tracing.begin("outer")
        val task = tracing.begin("task")
        val leaked = tracing.begin("leaked")
        val o = CurrentThreadScope.attach(outer)
        val previous = CurrentThreadScope.enter(null) // a wrapped task submitted with no scope
        CurrentThreadScope.get().shouldBeNull()
        CurrentThreadScope.enter(task).let { CurrentThreadScope.restore(it) }
        CurrentThreadScope.attach(leaked) // never detached by the task
        CurrentThreadScope.restore(previous)
        CurrentThreadScope.get() shouldBeSameInstanceAs outer
        outer.end()
        CurrentThreadScope.detach(outer, o)
        CurrentThreadScope.get().shouldBeNull()
        tracing.shutdown()
    }

    test("a sampled-out scope that ended is not kept current") {
        val (tracing, _) = inMemoryTracing { sampleRate = 0.0 }
        val scope = tracing.begin("dropped")
        CurrentThreadScope.attach(scope)
        scope.isEnded shouldBe false
        scope.end()
        scope.isEnded shouldBe true
        CurrentThreadScope.get().shouldBeNull()
        tracing.shutdown()
    }
})
