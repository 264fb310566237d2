package dev.spanwise.benchmarks;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The OpenTelemetry side of {@link BatchShape}: real SDK span records, collected once. */
public final class OtelBatches {
  private OtelBatches() {}

  /** {@code count} ended spans of {@link BatchShape}, with content of {@code payloadBytes} each when positive. */
  public static List<SpanData> spans(int count, int payloadBytes) {
    List<SpanData> collected = new ArrayList<>(count);
    SpanExporter collector =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            collected.addAll(spans);
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(Resource.getDefault().merge(Resource.builder().put("service.name", "bench").build()))
            .addSpanProcessor(SimpleSpanProcessor.create(collector))
            .build();
    Tracer tracer = provider.get("bench");
    for (int i = 0; i < count; i++) record(tracer, payloadBytes, i);
    provider.shutdown().join(10, TimeUnit.SECONDS);
    return collected;
  }

  /** One span of {@link BatchShape} through {@code tracer}. */
  public static void record(Tracer tracer, int payloadBytes, int i) {
    Span span = tracer.spanBuilder(SpanShape.NAME).startSpan();
    for (int k = 0; k < BatchShape.STRING_KEYS.length; k++) {
      span.setAttribute(AttributeKey.stringKey(BatchShape.STRING_KEYS[k]), BatchShape.STRING_VALUES[k]);
    }
    for (int k = 0; k < BatchShape.LONG_KEYS.length; k++) {
      span.setAttribute(AttributeKey.longKey(BatchShape.LONG_KEYS[k]), BatchShape.LONG_VALUES[k] + i);
    }
    if (payloadBytes > 0) {
      span.setAttribute(AttributeKey.stringKey(BatchShape.PROMPT_KEY), BatchShape.content(payloadBytes, 'p'));
      span.setAttribute(AttributeKey.stringKey(BatchShape.COMPLETION_KEY), BatchShape.content(payloadBytes, 'c'));
    }
    span.end();
  }
}
