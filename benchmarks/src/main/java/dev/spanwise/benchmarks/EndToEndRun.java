package dev.spanwise.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * One end-to-end run (#7): producers end spans for a fixed time, paced or flat out, into a
 * pipeline that exports over loopback HTTP to a {@link LoopbackReceiver}; then the pipeline is
 * flushed and the receiver's count is compared with the spans offered. Prints one {@code E2E|…}
 * line.
 */
public final class EndToEndRun {
  /** The side under test: how to end one span, and how to drain at the end. */
  public interface Pipeline extends AutoCloseable {
    void endSpan();

    /** Flushes everything ended so far (bounded wait). */
    void drain();

    @Override
    void close();
  }

  private EndToEndRun() {}

  /**
   * Runs {@code producers} threads for {@code seconds}; each ends spans flat out when {@code rate}
   * is 0, else the producers share {@code rate} spans per second (in 1 ms slices).
   */
  public static long run(BenchmarkParams params, LoopbackReceiver receiver, Pipeline pipeline, int producers, long rate, int seconds)
      throws InterruptedException {
    LongAdder offered = new LongAdder();
    AtomicBoolean stop = new AtomicBoolean();
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    long cpuStart = processCpuNanos();
    Thread[] threads = new Thread[producers];
    for (int t = 0; t < producers; t++) {
      threads[t] =
          new Thread(
              () -> {
                if (rate == 0) {
                  long n = 0;
                  while (!stop.get()) {
                    for (int i = 0; i < 256; i++) pipeline.endSpan();
                    n += 256;
                    if (System.nanoTime() >= end) break;
                  }
                  offered.add(n);
                } else {
                  double perMs = rate / 1000.0 / producers;
                  double owed = 0;
                  long n = 0;
                  long slice = System.nanoTime();
                  while (slice < end) {
                    owed += perMs;
                    int now = (int) owed;
                    owed -= now;
                    for (int i = 0; i < now; i++) pipeline.endSpan();
                    n += now;
                    slice += 1_000_000L;
                    long wait = slice - System.nanoTime();
                    if (wait > 0) LockSupport.parkNanos(wait);
                  }
                  offered.add(n);
                }
              },
              "e2e-producer-" + t);
      threads[t].start();
    }
    for (Thread t : threads) t.join();
    stop.set(true);
    double window = (System.nanoTime() - start) / 1e9;
    long cpu = processCpuNanos() - cpuStart;
    long inWindow = receiver.spans();
    pipeline.drain();
    long received = settle(receiver);
    pipeline.close();
    long total = offered.sum();
    long dropped = Math.max(0, total - received);
    System.out.printf(
        "%nE2E|%s|producers=%d|rate=%d|seconds=%.1f|offered=%d|exportedInWindow=%d|exported=%d|dropped=%d"
            + "|dropPct=%.4f|offeredPerSec=%.0f|exportedPerSec=%.0f|cpuPct=%.1f|requests=%d|bytes=%d|maxInFlight=%d"
            + "|bodyP50Ms=%.3f|bodyP90Ms=%.3f|bodyP99Ms=%.3f%n",
        params.getBenchmark(), producers, rate, window, total, inWindow, received, dropped,
        total == 0 ? 0.0 : 100.0 * dropped / total, total / window, inWindow / window,
        100.0 * cpu / (window * 1e9), receiver.requests(), receiver.bytes(), receiver.maxInFlight(),
        receiver.bodyMillis(0.5), receiver.bodyMillis(0.9), receiver.bodyMillis(0.99));
    return received;
  }

  /**
   * The receiver's span count once it stops moving for 500 ms (bounded by 30 s): OpenTelemetry's
   * forceFlush can complete before the last export (a known BatchSpanProcessor behaviour: its flush can return early).
   */
  private static long settle(LoopbackReceiver receiver) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long last = receiver.spans();
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline && System.nanoTime() - stableSince < TimeUnit.MILLISECONDS.toNanos(500)) {
      Thread.sleep(20);
      long now = receiver.spans();
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      }
    }
    return last;
  }

  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
    }
    return 0;
  }
}
