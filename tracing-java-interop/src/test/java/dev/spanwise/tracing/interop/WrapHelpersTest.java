package dev.spanwise.tracing.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spanwise.tracing.scope.CurrentThreadScope;
import dev.spanwise.tracing.scope.TraceScope;
import dev.spanwise.tracing.model.SpanData;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Work handed to other threads keeps its parent: scheduled executors, single tasks, CompletableFuture chains. */
class WrapHelpersTest {

    @Test
    void withoutAWrapperSupplyAsyncOnTheCommonPoolStartsANewTrace() {
        try (Fixture f = new Fixture()) {
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                CompletableFuture.runAsync(() -> f.sw.scope("lost").start().close()).join();
            }
            assertEquals(0L, f.span("lost").getParentSpanId(), "documented: no wrapper, no parent");
            assertNotEquals(f.span("agent").getTraceIdHex(), f.span("lost").getTraceIdHex());
        }
    }

    @Test
    void scheduledTasksAndEveryRunOfAPeriodicTaskGetTheScopeCurrentWhenScheduled() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (Fixture f = new Fixture()) {
            ScheduledExecutorService traced = f.sw.wrap(scheduler);
            CountDownLatch threeRuns = new CountDownLatch(3);
            ScheduledFuture<?> periodic;
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                traced.schedule(() -> f.sw.scope("once").start().close(), 1, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
                assertEquals("called", traced.schedule(() -> f.sw.traced("callable", s -> "called"), 1, TimeUnit.MILLISECONDS)
                    .get(5, TimeUnit.SECONDS));
                periodic = traced.scheduleAtFixedRate(() -> {
                    if (threeRuns.getCount() > 0) f.sw.scope("tick").start().close();
                    threeRuns.countDown();
                }, 0, 5, TimeUnit.MILLISECONDS);
                assertTrue(threeRuns.await(5, TimeUnit.SECONDS));
                periodic.cancel(false);
            }
            long agentId = f.span("agent").getSpanId();
            assertEquals(agentId, f.span("once").getParentSpanId());
            assertEquals(agentId, f.span("callable").getParentSpanId());
            List<SpanData> ticks = f.exported().stream().filter(s -> s.getName().equals("tick")).collect(Collectors.toList());
            assertEquals(3, ticks.size());
            for (SpanData tick : ticks) assertEquals(agentId, tick.getParentSpanId());
            assertNull(scheduler.submit(CurrentThreadScope::get).get(5, TimeUnit.SECONDS), "the scheduler thread is clean afterwards");
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void wrapOfAScheduledExecutorTypedAsExecutorServiceStillSchedules() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (Fixture f = new Fixture()) {
            ExecutorService asService = scheduler;
            assertTrue(f.sw.wrap(asService) instanceof ScheduledExecutorService);
            Executor asExecutor = scheduler;
            assertTrue(f.sw.wrap(asExecutor) instanceof ScheduledExecutorService);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void wrappedSupplierOnTheCommonPoolKeepsTheParent() {
        try (Fixture f = new Fixture()) {
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                Supplier<String> search = f.sw.wrapSupplier(() -> f.sw.traced("search", s -> "docs"));
                assertEquals("docs", CompletableFuture.supplyAsync(search).join());
            }
            assertEquals(f.span("agent").getSpanId(), f.span("search").getParentSpanId());
        }
    }

    @Test
    void wrappedFunctionInAParallelStreamKeepsTheParentOnEveryThread() {
        try (Fixture f = new Fixture()) {
            List<Integer> lengths;
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                Function<Integer, Integer> embed = f.sw.wrapFunction(i -> f.sw.traced("embed-" + i, s -> i * 2));
                lengths = IntStream.range(0, 64).boxed().parallel().map(embed).collect(Collectors.toList());
            }
            assertEquals(64, lengths.size());
            long agentId = f.span("agent").getSpanId();
            for (int i = 0; i < 64; i++) assertEquals(agentId, f.span("embed-" + i).getParentSpanId(), "embed-" + i);
        }
    }

    @Test
    void currentScopeExecutorKeepsEveryStageOfAChainInTheScopeThatBuiltIt() throws Exception {
        ExecutorService io = Executors.newSingleThreadExecutor(); // stands for an HTTP client's own thread
        try (Fixture f = new Fixture()) {
            AtomicReference<TraceScope> stageScope = new AtomicReference<>();
            CompletableFuture<String> chain;
            TraceScope agentScope;
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                agentScope = agent.asTraceScope();
                Executor inAgent = f.sw.currentScopeExecutor();
                CompletableFuture<String> response = new CompletableFuture<>();
                chain = response
                    .thenApplyAsync(body -> {
                        stageScope.set(CurrentThreadScope.get());
                        return f.sw.traced("parse", s -> body.trim());
                    }, inAgent)
                    .thenApplyAsync(text -> f.sw.traced("draft", s -> text + "!"), inAgent);
                io.submit(() -> response.complete(" reply ")); // completed on a thread with no scope
                assertEquals("reply!", chain.get(5, TimeUnit.SECONDS));
            }
            assertSame(agentScope, stageScope.get());
            long agentId = f.span("agent").getSpanId();
            assertEquals(agentId, f.span("parse").getParentSpanId());
            assertEquals(agentId, f.span("draft").getParentSpanId());
        } finally {
            io.shutdownNow();
        }
    }

    @Test
    void currentScopeExecutorWithNoScopeRunsTasksWithNone() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try (Fixture f = new Fixture()) {
            Executor none = f.sw.currentScopeExecutor(single);
            AtomicReference<TraceScope> seen = new AtomicReference<>();
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                CompletableFuture.runAsync(() -> seen.set(CurrentThreadScope.get()), none).get(5, TimeUnit.SECONDS);
            }
            assertNull(seen.get(), "bound when created, with no scope: not the submitter's later scope");
        } finally {
            single.shutdownNow();
        }
    }
}
