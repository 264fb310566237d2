package dev.spanwise.benchmarks;

import io.opentelemetry.sdk.trace.internal.shaded.jctools.queues.atomic.MpscAtomicArrayQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * #5 of the performance goals, isolated: one uncontended enqueue + dequeue through Spanwise's queue (a
 * bounded kotlinx {@code Channel}, capacity 2048) next to the floors: the MPSC array queue
 * OpenTelemetry's BatchSpanProcessor uses (JCTools, shaded in the SDK) and ArrayBlockingQueue.
 * Contended throughput is covered by the 2- and 4-thread span benchmarks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class EnqueueBenchmark {
  private final Object element = new Object();
  private ChannelQueue channel;
  private MpscAtomicArrayQueue<Object> mpsc;
  private ArrayBlockingQueue<Object> abq;

  @Setup(Level.Trial)
  public void setUp() {
    channel = new ChannelQueue(SpanShape.QUEUE_CAPACITY);
    mpsc = new MpscAtomicArrayQueue<>(SpanShape.QUEUE_CAPACITY);
    abq = new ArrayBlockingQueue<>(SpanShape.QUEUE_CAPACITY);
  }

  @Benchmark
  public Object spanwiseChannelOfferPoll() {
    channel.offer(element);
    return channel.poll();
  }

  @Benchmark
  public Object floorMpscArrayQueueOfferPoll() {
    mpsc.offer(element);
    return mpsc.poll();
  }

  @Benchmark
  public Object floorArrayBlockingQueueOfferPoll() {
    abq.offer(element);
    return abq.poll();
  }
}
