package dev.spanwise.benchmarks;

import dev.spanwise.tracing.export.ExportCounts;
import dev.spanwise.tracing.Tracing;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Shared JMH states of the span benchmarks. Each pipeline counts the spans created and, at the end
 * of the trial, prints one {@code DROPS|…} line (created, exported, dropped) that
 * {@code benchmarks/results-table.py} puts next to the timing.
 */
public final class SpanStates {
  private SpanStates() {}

  static void report(BenchmarkParams params, long created, long exported, long dropped) {
    double pct = created == 0 ? 0.0 : 100.0 * dropped / created;
    System.out.printf(
        "%nDROPS|%s|threads=%d|created=%d|exported=%d|dropped=%d|pct=%.4f%n",
        params.getBenchmark(), params.getThreads(), created, exported, dropped, pct);
  }

  /** Values the compiler cannot fold (token counts arrive at run time in real code). */
  @State(Scope.Thread)
  public static class Values {
    public long inputTokens = SpanShape.INPUT_TOKENS;
    public long outputTokens = SpanShape.OUTPUT_TOKENS;
  }

  /** Spanwise with a counting no-op exporter, queue 2048, batch 512. */
  @State(Scope.Benchmark)
  public static class SpanwisePipeline {
    public CountingExporter exporter;
    public Tracing tracing;
    public final LongAdder created = new LongAdder();

    @Setup(Level.Trial)
    public void setUp() {
      exporter = new CountingExporter();
      tracing = SpanwiseOps.tracing(exporter);
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
      ExportCounts flushed = SpanwiseOps.flush(tracing);
      report(params, created.sum(), exporter.received(), flushed.getDroppedTotal());
      SpanwiseOps.shutdown(tracing);
    }
  }

  /** OpenTelemetry SDK: BatchSpanProcessor (2048 / 512) in front of a counting no-op exporter. */
  @State(Scope.Benchmark)
  public static class OtelPipeline {
    public OtelSdk.CountingExporter exporter;
    public SdkTracerProvider provider;
    public Tracer tracer;
    public final LongAdder created = new LongAdder();

    @Setup(Level.Trial)
    public void setUp() {
      exporter = new OtelSdk.CountingExporter(false);
      provider = OtelSdk.provider(exporter);
      tracer = provider.get("bench");
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
      OtelSdk.flush(provider);
      long total = created.sum();
      long exported = OtelSdk.settle(exporter, total);
      report(params, total, exported, total - exported);
      provider.shutdown().join(30, TimeUnit.SECONDS);
    }
  }

  /** Drop-free mode: after every invocation (1,024 spans) the thread flushes Spanwise. */
  @State(Scope.Thread)
  public static class SpanwiseFlushEachInvocation {
    private SpanwisePipeline pipeline;

    @Setup(Level.Trial)
    public void bind(SpanwisePipeline pipeline) {
      this.pipeline = pipeline;
    }

    @TearDown(Level.Invocation)
    public void flush() {
      pipeline.created.add(SpanShape.SPANS_PER_INVOCATION);
      SpanwiseOps.flush(pipeline.tracing);
    }
  }

  /** Drop-free mode: after every invocation (1,024 spans) the thread force-flushes OpenTelemetry and waits for the exporter. */
  @State(Scope.Thread)
  public static class OtelFlushEachInvocation {
    private OtelPipeline pipeline;

    @Setup(Level.Trial)
    public void bind(OtelPipeline pipeline) {
      this.pipeline = pipeline;
    }

    /**
     * forceFlush can complete before the exporter has the spans (a known BatchSpanProcessor behaviour: its flush can return early), so
     * also wait until every span of a finished invocation reached the exporter.
     */
    @TearDown(Level.Invocation)
    public void flush() {
      pipeline.created.add(SpanShape.SPANS_PER_INVOCATION);
      long mark = pipeline.created.sum();
      OtelSdk.flush(pipeline.provider);
      OtelSdk.settle(pipeline.exporter, mark);
    }
  }
}
