package dev.spanwise.tracing.spring;

import dev.spanwise.tracing.exporters.InMemoryExporter;
import dev.spanwise.tracing.interop.Spanwise;
import dev.spanwise.tracing.model.SpanData;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Waits for spans: a server span ends just after its response is written. */
final class Await {
    private Await() {}

    static List<SpanData> spans(Spanwise sw, InMemoryExporter exporter, int count, Predicate<SpanData> which) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            sw.flush().join();
            List<SpanData> found = exporter.getSpans().stream().filter(which).collect(Collectors.toList());
            if (found.size() >= count || System.nanoTime() > deadline) return found;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
        }
    }

    static SpanData span(Spanwise sw, InMemoryExporter exporter, Predicate<SpanData> which) {
        List<SpanData> found = spans(sw, exporter, 1, which);
        if (found.size() != 1) throw new AssertionError("expected one span, found " + found + " among " + exporter.getSpans());
        return found.get(0);
    }
}
