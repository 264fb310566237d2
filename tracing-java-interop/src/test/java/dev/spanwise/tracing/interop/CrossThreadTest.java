package dev.spanwise.tracing.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.spanwise.tracing.scope.CurrentThreadScope;
import dev.spanwise.tracing.scope.TraceScope;
import dev.spanwise.tracing.model.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code sw.wrap(…)} carries the submitting thread's current scope to worker threads. */
class CrossThreadTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void supplyAsyncOnAWrappedPoolParentsTheWorkersSpans() {
        try (Fixture f = new Fixture()) {
            ExecutorService traced = f.sw.wrap(pool);
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                CompletableFuture<String> a = CompletableFuture.supplyAsync(
                    () -> f.sw.llm("draft").model("gpt-4o").call(call -> "draft"), traced);
                CompletableFuture<String> b = CompletableFuture.supplyAsync(
                    () -> f.sw.traced("search", s -> "docs"), traced);
                assertEquals("draft+docs", a.thenCombine(b, (x, y) -> x + "+" + y).join());
            }
            long agentId = f.span("agent").getSpanId();
            assertEquals(agentId, f.span("draft").getParentSpanId());
            assertEquals(agentId, f.span("search").getParentSpanId());
        }
    }

    @Test
    void executorServiceSubmitAndInvokeAllCarryTheScope() throws Exception {
        try (Fixture f = new Fixture()) {
            ExecutorService traced = f.sw.wrap(pool);
            List<TraceScope> seen = new ArrayList<>();
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                Future<TraceScope> submitted = traced.submit(CurrentThreadScope::get);
                seen.add(submitted.get(5, TimeUnit.SECONDS));
                List<Callable<TraceScope>> tasks = List.of(CurrentThreadScope::get, CurrentThreadScope::get);
                for (Future<TraceScope> r : traced.invokeAll(tasks)) seen.add(r.get());
                for (TraceScope s : seen) assertSame(agent.asTraceScope(), s);
            }
        }
    }

    @Test
    void scopeIsCapturedAtSubmissionAndTheWorkerIsCleanAfterwards() throws Exception {
        try (Fixture f = new Fixture()) {
            ExecutorService single = Executors.newSingleThreadExecutor();
            try {
                ExecutorService traced = f.sw.wrap(single);
                AtomicReference<TraceScope> during = new AtomicReference<>();
                try (ScopeHandle agent = f.sw.scope("agent").start()) {
                    traced.submit(() -> during.set(CurrentThreadScope.get())).get(5, TimeUnit.SECONDS);
                    assertSame(agent.asTraceScope(), during.get());
                }
                assertNull(single.submit(CurrentThreadScope::get).get(5, TimeUnit.SECONDS),
                    "the worker's previous (empty) scope is restored after the task");
                assertNull(traced.submit(CurrentThreadScope::get).get(5, TimeUnit.SECONDS),
                    "a task submitted with no current scope runs with none");
            } finally {
                single.shutdownNow();
            }
        }
    }

    @Test
    void wrappedRunnableAndCallableRunWithTheScopeCurrentWhenWrapped() throws Exception {
        try (Fixture f = new Fixture()) {
            Runnable runnable;
            Callable<String> callable;
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                runnable = f.sw.wrap(() -> f.sw.scope("later-step").start().close());
                callable = f.sw.wrap(() -> f.sw.traced("later-call", s -> "x"));
            }
            Thread t = new Thread(runnable);
            t.start();
            t.join();
            assertEquals("x", pool.submit(callable).get(5, TimeUnit.SECONDS));
            SpanData agent = f.span("agent");
            assertEquals(agent.getSpanId(), f.span("later-step").getParentSpanId());
            assertEquals(agent.getSpanId(), f.span("later-call").getParentSpanId());
        }
    }

    @Test
    void plainExecutorIsWrappedToo() {
        try (Fixture f = new Fixture()) {
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                CompletableFuture.runAsync(() -> f.sw.scope("async").start().close(), f.sw.wrap((Runnable r) -> new Thread(r).start()))
                    .join();
            }
            assertEquals(f.span("agent").getSpanId(), f.span("async").getParentSpanId());
        }
    }

    @Test
    void manyAgentsSharingOnePoolNeverSeeEachOthersScopes() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try (Fixture f = new Fixture(Spanwise.builder().queueCapacity(10_000))) {
            ExecutorService traced = f.sw.wrap(pool);
            List<Future<?>> agents = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String name = "agent-" + i;
                agents.add(callers.submit(() -> f.sw.traced(name, agent -> {
                    List<CompletableFuture<Void>> steps = new ArrayList<>();
                    for (int j = 0; j < 5; j++) {
                        steps.add(CompletableFuture.runAsync(() -> f.sw.scope(name + "-step").start().close(), traced));
                    }
                    CompletableFuture.allOf(steps.toArray(new CompletableFuture<?>[0])).join();
                    return null;
                })));
            }
            for (Future<?> a : agents) a.get(30, TimeUnit.SECONDS);
            List<SpanData> all = f.exported();
            assertEquals(200 * 6, all.size());
            for (int i = 0; i < 200; i++) {
                SpanData agent = f.spans.single("agent-" + i);
                List<SpanData> children = f.spans.childrenOf(agent);
                assertEquals(5, children.size(), agent.getName());
                for (SpanData child : children) assertEquals(agent.getName() + "-step", child.getName());
            }
        } finally {
            callers.shutdownNow();
        }
    }
}
