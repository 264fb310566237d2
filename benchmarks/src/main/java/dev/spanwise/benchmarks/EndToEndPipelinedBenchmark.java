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
 * #7 with two exports in flight ({@code maxConcurrentExports = 2}, {@code maxConcurrentRequests =
 * 2}), the pipelining the performance goals ask for; same levels as {@link EndToEndBenchmark}, whose
 * {@code otelBspOtlpJson} is the twin.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class EndToEndPipelinedBenchmark {
  @Param({"0", "10000", "25000", "50000", "100000", "200000"})
  public long rate;

  @Param({"1"})
  public int producers;

  @Param({"15"})
  public int seconds;

  @Benchmark
  public long spanwiseTwoInFlight(BenchmarkParams params) throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver()) {
      return EndToEndRun.run(params, receiver, new SpanwiseEndToEnd(receiver.baseUrl(), 2), producers, rate, seconds);
    }
  }
}
