package dev.spanwise.benchmarks;

import dev.spanwise.tracing.export.ExportCounts;
import dev.spanwise.tracing.Tracing;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * #7b of the performance goals: heap per queued span. The exporter blocks, the queue (capacity 100,000)
 * fills, and the retained heap is divided by the spans held. Then 9 × capacity more spans are
 * ended (a 10× overload): the queue bound must also cap the heap. Each invocation prints one
 * {@code MEMORY|…} line.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class QueuedMemoryBenchmark {
  private static final int CAPACITY = 100_000;

  @Benchmark
  public long spanwiseQueuedSpan(BenchmarkParams params) {
    CountingExporter exporter = new CountingExporter(true);
    Tracing tracing = SpanwiseOps.tracing(exporter, 1.0, CAPACITY, Long.MAX_VALUE / 4);
    long before = usedHeapAfterGc();
    SpanwiseOps.endSpans(tracing, CAPACITY);
    long filled = usedHeapAfterGc();
    SpanwiseOps.endSpans(tracing, 9 * CAPACITY);
    long overloaded = usedHeapAfterGc();
    ExportCounts stats = tracing.stats();
    report(params, before, filled, overloaded, stats.getPending(), stats.getDroppedTotal());
    exporter.release();
    SpanwiseOps.shutdown(tracing);
    return filled - before;
  }

  @Benchmark
  public long otelQueuedSpan(BenchmarkParams params) {
    OtelSdk.CountingExporter exporter = new OtelSdk.CountingExporter(true);
    SdkTracerProvider provider = OtelSdk.provider(exporter, Sampler.alwaysOn(), CAPACITY);
    Tracer tracer = provider.get("bench");
    long before = usedHeapAfterGc();
    for (int i = 0; i < CAPACITY; i++) OtelSdk.span(tracer, SpanShape.INPUT_TOKENS, SpanShape.OUTPUT_TOKENS);
    long filled = usedHeapAfterGc();
    for (int i = 0; i < 9 * CAPACITY; i++) OtelSdk.span(tracer, SpanShape.INPUT_TOKENS, SpanShape.OUTPUT_TOKENS);
    long overloaded = usedHeapAfterGc();
    long held = Math.min((long) CAPACITY + SpanShape.MAX_BATCH, 10L * CAPACITY);
    report(params, before, filled, overloaded, held, 10L * CAPACITY - held);
    exporter.release();
    provider.shutdown().join(60, TimeUnit.SECONDS);
    return filled - before;
  }

  private static void report(BenchmarkParams params, long before, long filled, long overloaded, long held, long dropped) {
    System.out.printf(
        "%nMEMORY|%s|spans=%d|bytesPerSpan=%.1f|overloadHeapDelta=%d|filledHeapDelta=%d|heldAfterOverload=%d|droppedAfterOverload=%d%n",
        params.getBenchmark(), CAPACITY, (double) (filled - before) / CAPACITY, overloaded - before,
        filled - before, held, dropped);
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
