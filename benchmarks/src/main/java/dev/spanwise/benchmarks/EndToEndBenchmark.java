package dev.spanwise.benchmarks;

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
 * #7 of the performance goals, end to end over loopback: producers end spans for {@link #seconds}, the
 * pipeline exports OTLP/JSON over HTTP to an in-process receiver. {@code rate} = 0 means flat out;
 * otherwise the producers offer that many spans per second. The score is the spans the receiver
 * got; the {@code E2E|…} line has the rates, drop % and CPU %.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class EndToEndBenchmark {
  /** Spans per second offered; 0 = flat out. */
  @Param({"0", "10000", "25000", "50000", "100000", "200000"})
  public long rate;

  /** Producer threads. */
  @Param({"1"})
  public int producers;

  /** Length of the production window. */
  @Param({"15"})
  public int seconds;

  @Benchmark
  public long spanwiseOtlpJson(BenchmarkParams params) throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver()) {
      return EndToEndRun.run(params, receiver, new SpanwiseEndToEnd(receiver.baseUrl()), producers, rate, seconds);
    }
  }

  @Benchmark
  public long otelBspOtlpJson(BenchmarkParams params) throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver()) {
      return EndToEndRun.run(params, receiver, new OtelEndToEnd(receiver.tracesUrl()), producers, rate, seconds);
    }
  }
}
