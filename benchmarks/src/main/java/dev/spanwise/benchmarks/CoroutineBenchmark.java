package dev.spanwise.benchmarks;

import dev.spanwise.tracing.scope.CurrentThreadScope;
import dev.spanwise.tracing.scope.TraceScope;
import dev.spanwise.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.concurrent.TimeUnit;
import kotlin.coroutines.CoroutineContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * #1b (nested DSL spans in a coroutine) and #4 (context propagation) of the performance goals. Scores are
 * ns per operation: per agent + LLM pair for #1b, per withContext / launch / lookup for #4.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CoroutineBenchmark {
  private static final int OPS = 1000;
  private static final int PAIRS = SpanShape.SPANS_PER_INVOCATION / 2;

  /** A request-like coroutine context and a live scope / span to put in elements. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class Contexts {
    /** {@code job}: a request-like context holding a live Job; {@code empty}: no Job at all. */
    @Param({"job"})
    public String requestContext;

    public CoroutineContext request;
    public Tracing tracing;
    public TraceScope scope;
    public SdkTracerProvider otel;
    public Span otelSpan;
    public Context otelContext;
    private TraceScope previous;
    private Scope otelScope;

    @Setup(Level.Trial)
    public void setUp() {
      request = "job".equals(requestContext) ? CoroutineOps.requestContext() : kotlin.coroutines.EmptyCoroutineContext.INSTANCE;
      tracing = SpanwiseOps.tracing(new CountingExporter());
      scope = tracing.begin("request");
      otel = OtelSdk.provider(new OtelSdk.CountingExporter(false));
      otelSpan = otel.get("bench").spanBuilder("request").startSpan();
      otelContext = Context.root().with(otelSpan);
      previous = CurrentThreadScope.enter(scope);
      otelScope = otelContext.makeCurrent();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      otelScope.close();
      CurrentThreadScope.restore(previous);
      scope.end();
      otelSpan.end();
      SpanwiseOps.shutdown(tracing);
      otel.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  // ---- #1b ----

  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public int spanwiseNestedDsl_1t(SpanStates.SpanwisePipeline p, SpanStates.SpanwiseFlushEachInvocation f, SpanStates.Values v, Contexts c) {
    return SpanwiseOps.nestedDsl(c.request, p.tracing, PAIRS, v.inputTokens, v.outputTokens);
  }

  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public int otelNestedWithContext_1t(SpanStates.OtelPipeline p, SpanStates.OtelFlushEachInvocation f, SpanStates.Values v, Contexts c) {
    return CoroutineOps.otelNested(c.request, p.tracer, PAIRS, v.inputTokens, v.outputTokens);
  }

  // ---- #4 withContext ----

  @Benchmark
  @OperationsPerInvocation(OPS)
  public int spanwiseWithContext(Contexts c) {
    return CoroutineOps.withScopeElement(c.request, c.scope, OPS);
  }

  @Benchmark
  @OperationsPerInvocation(OPS)
  public int otelWithContext(Contexts c) {
    return CoroutineOps.withOtelElement(c.request, c.otelContext, OPS);
  }

  @Benchmark
  @OperationsPerInvocation(OPS)
  public int floorWithCoroutineName(Contexts c) {
    return CoroutineOps.withCoroutineName(c.request, "request", OPS);
  }

  // ---- #4 launch, runBlocking event loop and Dispatchers.Default ----

  @Benchmark
  @OperationsPerInvocation(OPS)
  public void spanwiseLaunchEventLoop(Contexts c) {
    CoroutineOps.launchScopeElement(c.scope, OPS, false);
  }

  @Benchmark
  @OperationsPerInvocation(OPS)
  public void otelLaunchEventLoop(Contexts c) {
    CoroutineOps.launchOtelElement(c.otelContext, OPS, false);
  }

  @Benchmark
  @OperationsPerInvocation(OPS)
  public void floorLaunchEventLoop() {
    CoroutineOps.launchPlain(OPS, false);
  }

  @Benchmark
  @OperationsPerInvocation(OPS)
  public void spanwiseLaunchDefault(Contexts c) {
    CoroutineOps.launchScopeElement(c.scope, OPS, true);
  }

  @Benchmark
  @OperationsPerInvocation(OPS)
  public void otelLaunchDefault(Contexts c) {
    CoroutineOps.launchOtelElement(c.otelContext, OPS, true);
  }

  @Benchmark
  @OperationsPerInvocation(OPS)
  public void floorLaunchDefault() {
    CoroutineOps.launchPlain(OPS, true);
  }

  // ---- #4 Java-side lookup of the current span (thread-local, as inside a bridged coroutine) ----

  @Benchmark
  public TraceScope spanwiseCurrentThreadScope(Contexts c) {
    return CurrentThreadScope.get();
  }

  @Benchmark
  public Span otelSpanCurrent(Contexts c) {
    return Span.current();
  }
}
