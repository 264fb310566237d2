package dev.spanwise.tracing.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spanwise.tracing.scope.CurrentThreadScope;
import dev.spanwise.tracing.model.ScopeKind;
import dev.spanwise.tracing.model.SpanStatus;
import dev.spanwise.tracing.model.SpanData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The thread's current scope heals itself: whatever order scopes are closed in — in order, out of
 * order, twice, on another thread — it is the innermost scope started on the thread that is still
 * open, or none. Misuse is counted and warned about once, never thrown.
 */
class ScopeNestingTest {

    @Test
    void parentClosedBeforeItsChildLeavesTheChildCurrentThenNothing() {
        try (Fixture f = new Fixture()) {
            ScopeHandle parent = f.sw.scope("parent").start();
            ScopeHandle child = f.sw.scope("child").start();
            parent.close();
            assertSame(child.asTraceScope(), CurrentThreadScope.get(), "the still-open child stays current");
            child.close();
            assertNull(CurrentThreadScope.get(), "the ended parent is not current again");

            f.sw.scope("next-request").start().close();
            assertEquals(0L, f.span("next-request").getParentSpanId(), "a later scope on this thread is a root");
            assertEquals(ScopeKind.AGENT, f.span("next-request").getKind());
            assertEquals(1, f.sw.scopeMisuse().outOfOrderCloses());
        }
    }

    @Test
    void childClosedAfterAnOutOfOrderMiddleCloseRestoresTheOuterScope() {
        try (Fixture f = new Fixture()) {
            ScopeHandle outer = f.sw.scope("outer").start();
            ScopeHandle middle = f.sw.scope("middle").start();
            ScopeHandle inner = f.sw.scope("inner").start();
            middle.close();
            assertSame(inner.asTraceScope(), CurrentThreadScope.get());
            inner.close();
            assertSame(outer.asTraceScope(), CurrentThreadScope.get(), "skips the ended middle scope");
            f.sw.scope("sibling").start().close();
            outer.close();
            assertNull(CurrentThreadScope.get());
            assertEquals(f.span("outer").getSpanId(), f.span("sibling").getParentSpanId());
        }
    }

    @Test
    void closingTwiceIsCountedAndRestoresNothingTwice() {
        try (Fixture f = new Fixture()) {
            ScopeHandle outer = f.sw.scope("outer").start();
            ScopeHandle inner = f.sw.scope("inner").start();
            inner.close();
            ScopeHandle sibling = f.sw.scope("sibling").start();
            inner.close(); // must not take "sibling" or "outer" off the thread
            assertSame(sibling.asTraceScope(), CurrentThreadScope.get());
            sibling.close();
            assertSame(outer.asTraceScope(), CurrentThreadScope.get());
            outer.close();
            assertNull(CurrentThreadScope.get());
            assertEquals(3, f.exported().size(), "each scope exported once");
            assertEquals(1, f.sw.scopeMisuse().repeatedCloses());
            assertEquals(0, f.sw.scopeMisuse().outOfOrderCloses());
        }
    }

    @Test
    void endOrFailThenTheCloseOfTryWithResourcesIsNotMisuse() {
        try (Fixture f = new Fixture()) {
            try (ScopeHandle s = f.sw.scope("cancelled").start()) {
                s.end(SpanStatus.CANCELLED);
            }
            try (ScopeHandle s = f.sw.scope("failed").start()) {
                s.fail(new IllegalStateException("x"));
            }
            assertEquals(0, f.sw.scopeMisuse().total());
            assertNull(CurrentThreadScope.get());
        }
    }

    @Test
    void scopeClosedOnAnotherThreadEndsAndTheStartingThreadNoLongerKeepsIt() throws Exception {
        try (Fixture f = new Fixture()) {
            ScopeHandle outer = f.sw.scope("outer").start();
            ScopeHandle handedOver = f.sw.scope("handed-over").start();
            Thread other = new Thread(handedOver::close);
            other.start();
            other.join();
            assertTrue(handedOver.isEnded());
            assertSame(outer.asTraceScope(), CurrentThreadScope.get(), "the ended scope is skipped");
            outer.close();
            assertNull(CurrentThreadScope.get());
            f.sw.scope("next").start().close();
            assertEquals(0L, f.span("next").getParentSpanId());
            assertEquals(1, f.sw.scopeMisuse().otherThreadCloses());
        }
    }

    @Test
    void sampledOutScopeClosedOnAnotherThreadIsNotKeptCurrentEither() throws Exception {
        try (Fixture f = new Fixture(Spanwise.builder().sampleRate(0.0))) {
            ScopeHandle s = f.sw.scope("sampled-out").start();
            assertFalse(s.isRecording());
            Thread other = new Thread(s::close);
            other.start();
            other.join();
            assertTrue(s.isEnded());
            assertNull(CurrentThreadScope.get());
        }
    }

    @Test
    void misuseIsLoggedOnceAtWarnWithTheScopeNamesAndNeverThrown() throws Exception {
        try (Fixture f = new Fixture(); LogCapture log = new LogCapture()) {
            for (int i = 0; i < 3; i++) {
                ScopeHandle plan = f.sw.scope("plan-" + i).start();
                ScopeHandle step = f.sw.scope("step-" + i).start();
                plan.close();
                step.close();
                step.close();
            }
            ScopeHandle handed = f.sw.scope("handed").start();
            Thread other = new Thread(handed::close, "worker-x");
            other.start();
            other.join();

            ScopeMisuse misuse = f.sw.scopeMisuse();
            assertEquals(3, misuse.outOfOrderCloses());
            assertEquals(3, misuse.repeatedCloses());
            assertEquals(1, misuse.otherThreadCloses());
            assertEquals(7, misuse.total());

            List<String> warnings = log.warnings();
            assertEquals(3, warnings.size(), "one WARN per kind: " + warnings);
            assertTrue(warnings.get(0).contains("scope 'plan-0' was closed while 'step-0', started after it on thread '"
                + Thread.currentThread().getName() + "', is still open"), warnings.get(0));
            assertTrue(warnings.get(1).contains("close() on scope 'step-0', which had already ended"), warnings.get(1));
            assertTrue(warnings.get(2).contains("scope 'handed' was started on thread '" + Thread.currentThread().getName()
                + "' and ended on thread 'worker-x'"), warnings.get(2));
        }
    }

    /**
     * 1,000 scopes in nests of 1 to 6, each nest closed in a random order (some handles closed twice,
     * some on another pool thread), across 8 pooled threads; then 1,000 fresh scopes on the same
     * threads must all be roots.
     */
    @Test
    void thousandScopesClosedInRandomOrdersAcrossEightPooledThreadsThenFreshScopesAreAllRoots() throws Exception {
        long seed = System.nanoTime();
        System.out.println("ScopeNestingTest seed: " + seed);
        Random random = new Random(seed);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        ExecutorService elsewhere = Executors.newSingleThreadExecutor();
        try (Fixture f = new Fixture(Spanwise.builder().queueCapacity(10_000))) {
            List<Future<?>> work = new ArrayList<>();
            int opened = 0;
            while (opened < 1_000) {
                int depth = Math.min(1 + random.nextInt(6), 1_000 - opened);
                long nestSeed = random.nextLong();
                int first = opened;
                opened += depth;
                work.add(pool.submit(() -> {
                    Random r = new Random(nestSeed);
                    List<ScopeHandle> nest = new ArrayList<>();
                    for (int i = 0; i < depth; i++) nest.add(f.sw.scope("nested-" + (first + i)).start());
                    List<ScopeHandle> order = new ArrayList<>(nest);
                    Collections.shuffle(order, r);
                    for (ScopeHandle h : order) {
                        int how = r.nextInt(10);
                        if (how == 0) {
                            elsewhere.submit(h::close).get(5, TimeUnit.SECONDS);
                        } else {
                            h.close();
                            if (how == 1) h.close();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : work) w.get(30, TimeUnit.SECONDS);

            List<Future<Boolean>> fresh = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                String name = "fresh-" + i;
                fresh.add(pool.submit(() -> {
                    boolean clean = CurrentThreadScope.get() == null;
                    f.sw.scope(name).start().close();
                    return clean;
                }));
            }
            for (Future<Boolean> r : fresh) assertTrue(r.get(30, TimeUnit.SECONDS), "seed " + seed + ": a pooled thread kept a scope");

            List<SpanData> spans = f.exported();
            assertEquals(2_000, spans.size(), "seed " + seed);
            for (SpanData s : spans) {
                if (s.getName().startsWith("fresh-")) {
                    assertEquals(0L, s.getParentSpanId(), "seed " + seed + ": " + s.getName() + " must be a root");
                    assertEquals(ScopeKind.AGENT, s.getKind(), "seed " + seed);
                }
            }
            assertTrue(f.sw.scopeMisuse().total() > 0, "seed " + seed + ": the random closes include misuse");
        } finally {
            pool.shutdownNow();
            elsewhere.shutdownNow();
        }
    }
}
