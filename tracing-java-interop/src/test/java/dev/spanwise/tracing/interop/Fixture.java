package dev.spanwise.tracing.interop;

import dev.spanwise.tracing.exporters.Exporters;
import dev.spanwise.tracing.exporters.InMemoryExporter;
import dev.spanwise.tracing.model.SpanData;
import java.time.Duration;
import java.util.List;

/** A {@link Spanwise} exporting to memory, and helpers to read what it exported. */
final class Fixture implements AutoCloseable {
    final InMemoryExporter spans = Exporters.inMemory();
    final Spanwise sw;

    Fixture() {
        this(Spanwise.builder());
    }

    Fixture(SpanwiseBuilder builder) {
        sw = builder.serviceName("java-test").exporter(spans).flushInterval(Duration.ofMillis(50)).build();
    }

    /** Flushes, then returns every exported span. */
    List<SpanData> exported() {
        sw.flush(Duration.ofSeconds(5)).join();
        return spans.getSpans();
    }

    /** Flushes, then returns the single span called {@code name}. */
    SpanData span(String name) {
        sw.flush(Duration.ofSeconds(5)).join();
        return spans.single(name);
    }

    @Override
    public void close() {
        sw.close();
    }
}
