package dev.spanwise.benchmarks;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The OpenTelemetry twin of every span benchmark: same span shape, queue bound and batch. */
public final class OtelSdk {
  public static final AttributeKey<String> SYSTEM = AttributeKey.stringKey(SpanShape.KEY_SYSTEM);
  public static final AttributeKey<String> MODEL = AttributeKey.stringKey(SpanShape.KEY_MODEL);
  public static final AttributeKey<String> OPERATION = AttributeKey.stringKey(SpanShape.KEY_OPERATION);
  public static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey(SpanShape.KEY_INPUT_TOKENS);
  public static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey(SpanShape.KEY_OUTPUT_TOKENS);

  private OtelSdk() {}

  /** A no-op exporter that counts spans; optionally blocks every export until {@link #release()}. */
  public static final class CountingExporter implements SpanExporter {
    private final AtomicLong received = new AtomicLong();
    private final CountDownLatch gate;

    public CountingExporter(boolean blocked) {
      this.gate = new CountDownLatch(blocked ? 1 : 0);
    }

    public long received() {
      return received.get();
    }

    public void release() {
      gate.countDown();
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      received.addAndGet(spans.size());
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      release();
      return CompletableResultCode.ofSuccess();
    }
  }

  /** A provider with a BatchSpanProcessor (queue 2048, batch 512 unless told) in front of {@code exporter}. */
  public static SdkTracerProvider provider(SpanExporter exporter, Sampler sampler, int queueCapacity) {
    return SdkTracerProvider.builder()
        .setSampler(sampler)
        .addSpanProcessor(
            BatchSpanProcessor.builder(exporter)
                .setMaxQueueSize(queueCapacity)
                .setMaxExportBatchSize(SpanShape.MAX_BATCH)
                .setExporterTimeout(10, TimeUnit.MINUTES)
                .build())
        .build();
  }

  public static SdkTracerProvider provider(SpanExporter exporter) {
    return provider(exporter, Sampler.alwaysOn(), SpanShape.QUEUE_CAPACITY);
  }

  /** The no-op API tracer (no SDK installed). */
  public static Tracer noopTracer() {
    return OpenTelemetry.noop().getTracer("bench");
  }

  /** One span with the five attributes, constant keys. */
  public static void span(Tracer tracer, long inputTokens, long outputTokens) {
    Span span = tracer.spanBuilder(SpanShape.NAME).startSpan();
    span.setAttribute(SYSTEM, SpanShape.SYSTEM);
    span.setAttribute(MODEL, SpanShape.MODEL);
    span.setAttribute(OPERATION, SpanShape.OPERATION);
    span.setAttribute(INPUT_TOKENS, inputTokens);
    span.setAttribute(OUTPUT_TOKENS, outputTokens);
    span.end();
  }

  /** The same span through the String-key overloads (a key object per call). */
  public static void spanStringKeys(Tracer tracer, long inputTokens, long outputTokens) {
    Span span = tracer.spanBuilder(SpanShape.NAME).startSpan();
    span.setAttribute(SpanShape.KEY_SYSTEM, SpanShape.SYSTEM);
    span.setAttribute(SpanShape.KEY_MODEL, SpanShape.MODEL);
    span.setAttribute(SpanShape.KEY_OPERATION, SpanShape.OPERATION);
    span.setAttribute(SpanShape.KEY_INPUT_TOKENS, inputTokens);
    span.setAttribute(SpanShape.KEY_OUTPUT_TOKENS, outputTokens);
    span.end();
  }

  /** forceFlush and wait for it (what OpenTelemetry users call flush). */
  public static void flush(SdkTracerProvider provider) {
    provider.forceFlush().join(30, TimeUnit.SECONDS);
  }

  /**
   * Waits until {@code exporter} has received {@code expected} spans or its count stops moving for
   * 200 ms (bounded by 10 s): forceFlush can return before the exporter ran.
   */
  public static long settle(CountingExporter exporter, long expected) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    long last = -1;
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long now = exporter.received();
      if (now >= expected) return now;
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > TimeUnit.MILLISECONDS.toNanos(200)) {
        return now;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return exporter.received();
      }
    }
    return exporter.received();
  }
}
