package dev.spanwise.benchmarks;

import dev.spanwise.tracing.Tracing;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * #8b of the performance goals, the flush contract: 5,000 × (end N spans; flush) on a fresh pipeline. A
 * violation is a flush that returned while some span ended before it had not yet been handed to
 * the exporter. Each invocation prints one {@code FLUSH-CONTRACT|…} line; the score is the time of
 * the whole loop.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class FlushContractBenchmark {
  private static final int LOOPS = 5_000;

  @Param({"1", "512"})
  public int spansPerFlush;

  @Benchmark
  public long spanwiseFlushContract(BenchmarkParams params) {
    CountingExporter exporter = new CountingExporter();
    Tracing tracing = SpanwiseOps.tracing(exporter);
    long ended = 0;
    long violations = 0;
    for (int i = 0; i < LOOPS; i++) {
      SpanwiseOps.endSpans(tracing, spansPerFlush);
      ended += spansPerFlush;
      SpanwiseOps.flush(tracing);
      if (exporter.received() < ended) violations++;
    }
    long dropped = SpanwiseOps.shutdown(tracing).getDroppedTotal();
    report(params, violations, ended, exporter.received(), dropped);
    return violations;
  }

  @Benchmark
  public long otelFlushContract(BenchmarkParams params) {
    OtelSdk.CountingExporter exporter = new OtelSdk.CountingExporter(false);
    SdkTracerProvider provider = OtelSdk.provider(exporter);
    Tracer tracer = provider.get("bench");
    long ended = 0;
    long violations = 0;
    for (int i = 0; i < LOOPS; i++) {
      for (int j = 0; j < spansPerFlush; j++) {
        OtelSdk.span(tracer, SpanShape.INPUT_TOKENS, SpanShape.OUTPUT_TOKENS);
      }
      ended += spansPerFlush;
      provider.forceFlush().join(30, TimeUnit.SECONDS);
      if (exporter.received() < ended) violations++;
    }
    provider.shutdown().join(30, TimeUnit.SECONDS);
    report(params, violations, ended, exporter.received(), ended - exporter.received());
    return violations;
  }

  private void report(BenchmarkParams params, long violations, long ended, long exported, long dropped) {
    System.out.printf(
        "%nFLUSH-CONTRACT|%s|n=%d|loops=%d|violations=%d|ended=%d|exported=%d|dropped=%d%n",
        params.getBenchmark(), spansPerFlush, LOOPS, violations, ended, exported, dropped);
  }
}
