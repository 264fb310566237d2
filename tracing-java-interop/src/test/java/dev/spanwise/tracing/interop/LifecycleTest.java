package dev.spanwise.tracing.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spanwise.tracing.export.ExportCounts;
import dev.spanwise.tracing.export.DropReason;
import dev.spanwise.tracing.export.ExportResult;
import dev.spanwise.tracing.exporters.Exporters;
import dev.spanwise.tracing.exporters.InMemoryExporter;
import dev.spanwise.tracing.model.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code flush}/{@code shutdown} futures and {@code close()}: reliability matrix L1–L3 and E5/E6. */
class LifecycleTest {

    /** A backend that accepts the request and never answers. */
    static final class HungExporter implements JavaSpanExporter {
        final CountDownLatch called = new CountDownLatch(1);
        final AtomicInteger abandoned = new AtomicInteger();

        @Override
        public CompletableFuture<ExportResult> export(List<SpanData> batch) {
            called.countDown();
            CompletableFuture<ExportResult> never = new CompletableFuture<>();
            never.whenComplete((r, e) -> abandoned.incrementAndGet()); // completes only when Spanwise cancels it
            return never;
        }
    }

    @Test
    void flushWithAHungBackendCompletesNormallyWithinTheTimeoutWithPendingCounts() throws Exception {
        HungExporter hung = new HungExporter();
        Spanwise sw = Spanwise.builder().exporter(hung).exportTimeout(Duration.ofSeconds(30)).build();
        for (int i = 0; i < 5; i++) sw.scope("stuck-" + i).start().close();

        long start = System.nanoTime();
        ExportCounts result = sw.flush(Duration.ofMillis(500)).get(); // get(): no ExecutionException
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertTrue(hung.called.await(1, TimeUnit.SECONDS), "the export was attempted");
        assertTrue(elapsedMs < 500 + 250, "completed in " + elapsedMs + " ms");
        assertEquals(5, result.getPending());
        assertEquals(0, result.getExported());
        assertFalse(result.isComplete());

        start = System.nanoTime();
        ExportCounts last = sw.shutdown(Duration.ofMillis(500)).get();
        elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs < 500 + 250, "shutdown completed in " + elapsedMs + " ms");
        assertEquals(5, last.getPending() + last.getDroppedTotal(), "every span accounted for: " + last);
        assertTrue(hung.abandoned.get() >= 1, "the never-answered future was cancelled, not leaked");
    }

    @Test
    void cancellingAFlushFutureLeavesTheSdkWorking() throws Exception {
        InMemoryExporter spans = Exporters.inMemory();
        try (Spanwise sw = Spanwise.builder().exporter(spans).flushInterval(Duration.ofSeconds(30)).build()) {
            sw.scope("first").start().close();
            CompletableFuture<ExportCounts> cancelled = sw.flush();
            assertTrue(cancelled.cancel(true) || cancelled.isDone());

            sw.scope("second").start().close();
            ExportCounts result = sw.flush(Duration.ofSeconds(5)).get();
            assertEquals(2, result.getExported());
            assertEquals(2, spans.getSpans().size());
        }
    }

    @Test
    void cancellingAShutdownFutureStillShutsDownCompletely() throws Exception {
        InMemoryExporter spans = Exporters.inMemory();
        Spanwise sw = Spanwise.builder().exporter(spans).flushInterval(Duration.ofSeconds(30)).build();
        for (int i = 0; i < 10; i++) sw.scope("span-" + i).start().close();
        sw.shutdown(Duration.ofSeconds(5)).cancel(true);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!spans.isShutdown() && System.nanoTime() < deadline) Thread.sleep(10);
        assertTrue(spans.isShutdown(), "the exporter was shut down although the caller cancelled");
        assertEquals(10, spans.getSpans().size());
        assertEquals(10, sw.shutdown().get(1, TimeUnit.SECONDS).getExported(), "a second shutdown returns the counts at once");
    }

    @Test
    void shutdownFromInsideAnExporterCallbackDoesNotDeadlock() {
        AtomicReference<Spanwise> self = new AtomicReference<>();
        AtomicReference<ExportCounts> seenInside = new AtomicReference<>();
        JavaSpanExporter reentrant = batch -> {
            // the worst a callback can do: block the SDK's own export thread on shutdown
            seenInside.set(self.get().shutdown(Duration.ofMillis(500)).join());
            return CompletableFuture.completedFuture(JavaSpanExporter.success());
        };
        Spanwise sw = Spanwise.builder().exporter(reentrant).flushInterval(Duration.ofMillis(20)).build();
        self.set(sw);
        assertTimeoutPreemptively(Duration.ofSeconds(3), () -> {
            sw.scope("trigger").start().close();
            while (seenInside.get() == null) Thread.sleep(5);
            ExportCounts after = sw.shutdown(Duration.ofSeconds(1)).get();
            assertEquals(1, after.getExported() + after.getPending() + after.getDroppedTotal());
        });
    }

    @Test
    void shutdownFromInsideAContentMaskReturnsAtOnce() {
        AtomicReference<Spanwise> self = new AtomicReference<>();
        AtomicReference<CompletableFuture<ExportCounts>> inside = new AtomicReference<>();
        Spanwise sw = Spanwise.builder().exporter(Exporters.inMemory()).captureContent(true).contentMask(text -> {
            inside.set(self.get().shutdown(Duration.ofSeconds(1)));
            return text;
        }).build();
        self.set(sw);
        assertTimeoutPreemptively(Duration.ofSeconds(3), () -> {
            sw.llm("call").start().input("prompt").close();
            assertTrue(inside.get().get().isComplete());
        });
    }

    @Test
    void flushDeliversEverySpanEndedBeforeTheCallAndConcurrentFlushesAllComplete() throws Exception {
        InMemoryExporter spans = Exporters.inMemory();
        try (Spanwise sw = Spanwise.builder().exporter(spans).flushInterval(Duration.ofSeconds(30)).build()) {
            for (int i = 0; i < 1000; i++) sw.scope("s" + i).start().close();
            List<CompletableFuture<ExportCounts>> flushes = List.of(sw.flush(), sw.flush(), sw.flush(), sw.flush());
            CompletableFuture.allOf(flushes.toArray(new CompletableFuture<?>[0])).get(5, TimeUnit.SECONDS);
            assertEquals(1000, spans.getSpans().size());
            for (CompletableFuture<ExportCounts> f : flushes) assertEquals(1000, f.get().getExported());
        }
    }

    @Test
    void closeShutsDownAndLaterSpansAreCountedNotThrown() {
        InMemoryExporter spans = Exporters.inMemory();
        Spanwise sw = Spanwise.builder().exporter(spans).build();
        try (Spanwise closing = sw) {
            closing.scope("before").start().close();
        }
        assertTrue(spans.isShutdown());
        assertEquals(1, spans.getSpans().size());

        sw.traced("after", s -> s.attribute("k", "v")); // no throw after shutdown
        sw.close(); // idempotent
        assertEquals(1, sw.stats().dropped(DropReason.ALREADY_SHUTDOWN));
        assertEquals(1, spans.getSpans().size());
    }

    @Test
    void failingJavaExporterIsRetriedAndNeverThrowsIntoUserCode() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        JavaSpanExporter flaky = batch -> attempts.incrementAndGet() == 1
            ? CompletableFuture.failedFuture(new java.io.IOException("connection reset"))
            : CompletableFuture.completedFuture(JavaSpanExporter.success());
        try (Spanwise sw = Spanwise.builder().exporter(flaky).flushInterval(Duration.ofMillis(20)).build()) {
            sw.scope("once").start().close();
            ExportCounts result = sw.flush(Duration.ofSeconds(5)).get();
            assertEquals(1, result.getExported(), result.toString());
            assertTrue(attempts.get() >= 2, "retried after the failed future");
        }
    }
}
