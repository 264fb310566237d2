package dev.spanwise.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;

/**
 * #1, #1c, #5 of the performance goals: span create+end with five attributes, queue 2048, batch 512,
 * no-op exporter. Drop-free variants record 1,024 spans per invocation and flush between
 * invocations; flat-out variants never flush and show drop behaviour. Scores are ns per span.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpanBenchmark {
  private static final int N = SpanShape.SPANS_PER_INVOCATION;

  // ---- Spanwise, explicit API (begin / attribute / end: the non-suspending core path) ----

  @Benchmark
  @OperationsPerInvocation(N)
  @Threads(1)
  public void spanwiseExplicitNoDrop_1t(SpanStates.SpanwisePipeline p, SpanStates.SpanwiseFlushEachInvocation f, SpanStates.Values v) {
    explicit(p, v);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  @Threads(2)
  public void spanwiseExplicitNoDrop_2t(SpanStates.SpanwisePipeline p, SpanStates.SpanwiseFlushEachInvocation f, SpanStates.Values v) {
    explicit(p, v);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  @Threads(4)
  public void spanwiseExplicitNoDrop_4t(SpanStates.SpanwisePipeline p, SpanStates.SpanwiseFlushEachInvocation f, SpanStates.Values v) {
    explicit(p, v);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  @Threads(1)
  public void spanwiseExplicitFlatOut_1t(SpanStates.SpanwisePipeline p, SpanStates.Values v) {
    explicit(p, v);
    p.created.add(N);
  }

  // ---- Spanwise, Kotlin DSL: tracing.traced("llm.call") { attribute(…) ×5 } ----

  @Benchmark
  @OperationsPerInvocation(N)
  @Threads(1)
  public int spanwiseDslNoDrop_1t(SpanStates.SpanwisePipeline p, SpanStates.SpanwiseFlushEachInvocation f, SpanStates.Values v) {
    return SpanwiseOps.dslSpans(p.tracing, N, v.inputTokens, v.outputTokens);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  @Threads(2)
  public int spanwiseDslNoDrop_2t(SpanStates.SpanwisePipeline p, SpanStates.SpanwiseFlushEachInvocation f, SpanStates.Values v) {
    return SpanwiseOps.dslSpans(p.tracing, N, v.inputTokens, v.outputTokens);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  @Threads(4)
  public int spanwiseDslNoDrop_4t(SpanStates.SpanwisePipeline p, SpanStates.SpanwiseFlushEachInvocation f, SpanStates.Values v) {
    return SpanwiseOps.dslSpans(p.tracing, N, v.inputTokens, v.outputTokens);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  @Threads(1)
  public int spanwiseDslFlatOut_1t(SpanStates.SpanwisePipeline p, SpanStates.Values v) {
    p.created.add(N);
    return SpanwiseOps.dslSpans(p.tracing, N, v.inputTokens, v.outputTokens);
  }

  // ---- OpenTelemetry SDK twin ----

  @Benchmark
  @OperationsPerInvocation(N)
  @Threads(1)
  public void otelBspNoDrop_1t(SpanStates.OtelPipeline p, SpanStates.OtelFlushEachInvocation f, SpanStates.Values v) {
    otel(p, v);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  @Threads(2)
  public void otelBspNoDrop_2t(SpanStates.OtelPipeline p, SpanStates.OtelFlushEachInvocation f, SpanStates.Values v) {
    otel(p, v);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  @Threads(4)
  public void otelBspNoDrop_4t(SpanStates.OtelPipeline p, SpanStates.OtelFlushEachInvocation f, SpanStates.Values v) {
    otel(p, v);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  @Threads(1)
  public void otelBspFlatOut_1t(SpanStates.OtelPipeline p, SpanStates.Values v) {
    otel(p, v);
    p.created.add(N);
  }

  /** #1c: OpenTelemetry's String-key overloads (Spanwise keys are always plain strings: compare with #1). */
  @Benchmark
  @OperationsPerInvocation(N)
  @Threads(1)
  public void otelBspStringKeys_1t(SpanStates.OtelPipeline p, SpanStates.OtelFlushEachInvocation f, SpanStates.Values v) {
    for (int i = 0; i < N; i++) {
      OtelSdk.spanStringKeys(p.tracer, v.inputTokens, v.outputTokens);
    }
  }

  private static void explicit(SpanStates.SpanwisePipeline p, SpanStates.Values v) {
    for (int i = 0; i < N; i++) {
      SpanwiseOps.explicitSpan(p.tracing, v.inputTokens, v.outputTokens);
    }
  }

  private static void otel(SpanStates.OtelPipeline p, SpanStates.Values v) {
    for (int i = 0; i < N; i++) {
      OtelSdk.span(p.tracer, v.inputTokens, v.outputTokens);
    }
  }
}
