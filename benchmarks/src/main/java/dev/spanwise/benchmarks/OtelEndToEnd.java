package dev.spanwise.benchmarks;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.internal.HttpExporterBuilder;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry side of #7: BatchSpanProcessor (queue 2048, batch 512, its defaults otherwise)
 * and OtlpHttpSpanExporter (OkHttp sender) switched to OTLP/JSON.
 */
final class OtelEndToEnd implements EndToEndRun.Pipeline {
  private final SdkTracerProvider provider;
  private final Tracer tracer;

  OtelEndToEnd(String tracesUrl) {
    OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder().setEndpoint(tracesUrl);
    jsonMode(builder);
    provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                BatchSpanProcessor.builder(builder.build())
                    .setMaxQueueSize(SpanShape.QUEUE_CAPACITY)
                    .setMaxExportBatchSize(SpanShape.MAX_BATCH)
                    .build())
            .build();
    tracer = provider.get("bench");
  }

  /** OTLP/JSON: the public builder only offers protobuf, the internal delegate has exportAsJson(). */
  private static void jsonMode(OtlpHttpSpanExporterBuilder builder) {
    try {
      Field delegate = OtlpHttpSpanExporterBuilder.class.getDeclaredField("delegate");
      delegate.setAccessible(true);
      ((HttpExporterBuilder) delegate.get(builder)).exportAsJson();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot switch OtlpHttpSpanExporter to JSON", e);
    }
  }

  @Override
  public void endSpan() {
    OtelSdk.span(tracer, SpanShape.INPUT_TOKENS, SpanShape.OUTPUT_TOKENS);
  }

  @Override
  public void drain() {
    provider.forceFlush().join(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    provider.shutdown().join(30, TimeUnit.SECONDS);
  }
}
