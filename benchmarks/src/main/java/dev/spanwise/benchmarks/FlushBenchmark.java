package dev.spanwise.benchmarks;

import dev.spanwise.tracing.Tracing;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * #8a of the performance goals: latency of one flush with 0, 1 or 512 spans pending and a no-op exporter
 * (SampleTime: the JSON keeps p50 and p99). The contract loop (#8b) is {@link FlushContractBenchmark}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class FlushBenchmark {
  @Param({"0", "1", "512"})
  public int pending;

  private CountingExporter spanwiseExporter;
  private Tracing spanwise;
  private OtelSdk.CountingExporter otelExporter;
  private SdkTracerProvider otel;
  private Tracer otelTracer;

  @Setup(Level.Trial)
  public void setUp() {
    spanwiseExporter = new CountingExporter();
    spanwise = SpanwiseOps.tracing(spanwiseExporter);
    otelExporter = new OtelSdk.CountingExporter(false);
    otel = OtelSdk.provider(otelExporter);
    otelTracer = otel.get("bench");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    SpanwiseOps.shutdown(spanwise);
    otel.shutdown().join(10, TimeUnit.SECONDS);
  }

  /** Ends {@link #pending} spans on both sides before every flush (not timed). */
  @Setup(Level.Invocation)
  public void endPendingSpans() {
    SpanwiseOps.endSpans(spanwise, pending);
    for (int i = 0; i < pending; i++) {
      OtelSdk.span(otelTracer, SpanShape.INPUT_TOKENS, SpanShape.OUTPUT_TOKENS);
    }
  }

  @Benchmark
  public Object spanwiseFlush() {
    return SpanwiseOps.flush(spanwise);
  }

  @Benchmark
  public Object otelForceFlushJoin() {
    return otel.forceFlush().join(30, TimeUnit.SECONDS);
  }
}
