package dev.spanwise.benchmarks;

import dev.spanwise.tracing.scope.TraceScope;
import dev.spanwise.tracing.Tracing;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * #3 (disabled) and #3b (sampled out) of the performance goals, with the empty-call baseline and the
 * "call the lambda directly" floor. Scores are ns per span, one thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class DisabledBenchmark {
  private static final int N = SpanShape.SPANS_PER_INVOCATION;

  public long inputTokens = SpanShape.INPUT_TOKENS;
  public long outputTokens = SpanShape.OUTPUT_TOKENS;
  private volatile int flag = 1;

  private Tracing disabled;
  private Tracing sampledOut;
  private CountingExporter sampledOutExporter;
  private Tracer otelNoop;
  private SdkTracerProvider otelAlwaysOff;
  private Tracer otelAlwaysOffTracer;
  private TraceScope disabledScope;

  @Setup(Level.Trial)
  public void setUp() {
    disabled = SpanwiseOps.disabled();
    sampledOutExporter = new CountingExporter();
    sampledOut = SpanwiseOps.tracing(sampledOutExporter, 0.0);
    otelNoop = OtelSdk.noopTracer();
    otelAlwaysOff = OtelSdk.provider(new OtelSdk.CountingExporter(false), Sampler.alwaysOff(), SpanShape.QUEUE_CAPACITY);
    otelAlwaysOffTracer = otelAlwaysOff.get("bench");
    disabledScope = disabled.begin("floor");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    SpanwiseOps.shutdown(sampledOut);
    if (sampledOutExporter.received() != 0) throw new IllegalStateException("sampled-out spans were exported");
    otelAlwaysOff.shutdown().join(10, TimeUnit.SECONDS);
  }

  /** The suite's baseline: an empty call with one volatile read. */
  @Benchmark
  public int baselineVolatileRead() {
    return flag;
  }

  // ---- #3 disabled ----

  @Benchmark
  public void spanwiseDisabledExplicit_1t() {
    SpanwiseOps.explicitSpan(disabled, inputTokens, outputTokens);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int spanwiseDisabledDsl_1t() {
    return SpanwiseOps.dslSpans(disabled, N, inputTokens, outputTokens);
  }

  /** Floor of the disabled DSL: the same block in {@code coroutineScope { }} (every DSL block is a coroutine scope). */
  @Benchmark
  @OperationsPerInvocation(N)
  public int floorCoroutineScope_1t() {
    return Floors.coroutineScopeBlock(disabledScope, N, inputTokens, outputTokens);
  }

  @Benchmark
  public void otelNoopApi_1t() {
    OtelSdk.span(otelNoop, inputTokens, outputTokens);
  }

  // ---- #3b sampled out ----

  @Benchmark
  public void spanwiseSampledOutExplicit_1t() {
    SpanwiseOps.explicitSpan(sampledOut, inputTokens, outputTokens);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int spanwiseSampledOutDsl_1t() {
    return SpanwiseOps.dslSpans(sampledOut, N, inputTokens, outputTokens);
  }

  @Benchmark
  public void otelAlwaysOff_1t() {
    OtelSdk.span(otelAlwaysOffTracer, inputTokens, outputTokens);
  }
}
