package dev.spanwise.benchmarks;

import dev.spanwise.tracing.interop.ScopeHandle;
import dev.spanwise.tracing.interop.Spanwise;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * #2 of the performance goals: the Java facade ({@code tracing-java-interop}) on the same pipeline as
 * {@link SpanBenchmark} (queue 2048, batch 512, counting no-op exporter, drop-free: 1,024 spans per
 * invocation). Compare with {@code SpanBenchmark.spanwiseExplicitNoDrop_1t} (the Kotlin path) and
 * {@code SpanBenchmark.otelBspNoDrop_1t}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FacadeBenchmark {
  private static final int N = SpanShape.SPANS_PER_INVOCATION;

  /** The facade over the shared pipeline, a disabled facade, and an OpenTelemetry span for makeCurrent. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class Facades {
    public Spanwise spanwise;
    public Spanwise disabled;
    public Span otelSpan;
    private io.opentelemetry.sdk.trace.SdkTracerProvider otel;

    @Setup(Level.Trial)
    public void setUp(SpanStates.SpanwisePipeline pipeline) {
      spanwise = Spanwise.of(pipeline.tracing);
      disabled = Spanwise.of(SpanwiseOps.disabled());
      otel = OtelSdk.provider(new OtelSdk.CountingExporter(false));
      otelSpan = otel.get("bench").spanBuilder("request").startSpan();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      otelSpan.end();
      otel.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  /** {@code sw.begin("llm.call").attribute(…) ×5} then {@code close()}: an explicit scope. */
  @Benchmark
  @OperationsPerInvocation(N)
  @Threads(1)
  public void facadeSpan_1t(SpanStates.SpanwisePipeline p, SpanStates.SpanwiseFlushEachInvocation f, Facades s, SpanStates.Values v) {
    for (int i = 0; i < N; i++) {
      ScopeHandle h = s.spanwise.begin(SpanShape.NAME);
      h.attribute(SpanShape.KEY_SYSTEM, SpanShape.SYSTEM);
      h.attribute(SpanShape.KEY_MODEL, SpanShape.MODEL);
      h.attribute(SpanShape.KEY_OPERATION, SpanShape.OPERATION);
      h.attribute(SpanShape.KEY_INPUT_TOKENS, v.inputTokens);
      h.attribute(SpanShape.KEY_OUTPUT_TOKENS, v.outputTokens);
      h.close();
    }
  }

  /** try-with-resources {@code sw.scope("llm.call").start()}: the span is also the thread's current scope. */
  @Benchmark
  @OperationsPerInvocation(N)
  @Threads(1)
  public void facadeCurrentScope_1t(SpanStates.SpanwisePipeline p, SpanStates.SpanwiseFlushEachInvocation f, Facades s, SpanStates.Values v) {
    for (int i = 0; i < N; i++) {
      try (ScopeHandle h = s.spanwise.scope(SpanShape.NAME).start()) {
        h.attribute(SpanShape.KEY_SYSTEM, SpanShape.SYSTEM);
        h.attribute(SpanShape.KEY_MODEL, SpanShape.MODEL);
        h.attribute(SpanShape.KEY_OPERATION, SpanShape.OPERATION);
        h.attribute(SpanShape.KEY_INPUT_TOKENS, v.inputTokens);
        h.attribute(SpanShape.KEY_OUTPUT_TOKENS, v.outputTokens);
      }
    }
  }

  /** #3 for Java: the same calls on a disabled facade. */
  @Benchmark
  public void facadeDisabled_1t(Facades s, SpanStates.Values v) {
    ScopeHandle h = s.disabled.begin(SpanShape.NAME);
    h.attribute(SpanShape.KEY_SYSTEM, SpanShape.SYSTEM);
    h.attribute(SpanShape.KEY_MODEL, SpanShape.MODEL);
    h.attribute(SpanShape.KEY_OPERATION, SpanShape.OPERATION);
    h.attribute(SpanShape.KEY_INPUT_TOKENS, v.inputTokens);
    h.attribute(SpanShape.KEY_OUTPUT_TOKENS, v.outputTokens);
    h.close();
  }

  /** OpenTelemetry's scope open + close: {@code try (Scope s = span.makeCurrent()) {}}. */
  @Benchmark
  public Object otelMakeCurrentClose(Facades s) {
    try (Scope scope = s.otelSpan.makeCurrent()) {
      return scope;
    }
  }
}
