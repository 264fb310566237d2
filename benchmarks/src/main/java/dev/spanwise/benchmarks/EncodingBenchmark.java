package dev.spanwise.benchmarks;

import io.opentelemetry.exporter.internal.otlp.traces.LowAllocationTraceRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * #6 of the performance goals: OTLP encoding of a fixed 512-span batch (ten attributes; with
 * {@code payloadBytes} = 1024 also a 1 KiB prompt and a 1 KiB completion per span). Scores are µs
 * per batch; B/op is bytes per batch. Every encoder writes into the same reused buffer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class EncodingBenchmark {
  @Param({"0", "1024"})
  public int payloadBytes;

  private List<SpanData> otelBatch;
  private List<dev.spanwise.tracing.export.SpanData> spanwiseBatch;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(4 << 20);
  private final LowAllocationTraceRequestMarshaler lowAlloc = new LowAllocationTraceRequestMarshaler();

  @Setup(Level.Trial)
  public void setUp() {
    otelBatch = OtelBatches.spans(BatchShape.BATCH, payloadBytes);
    spanwiseBatch = SpanwiseBatches.spans(BatchShape.BATCH, payloadBytes);
  }

  private final dev.spanwise.tracing.internal.encode.OtlpJsonEncoder spanwiseEncoder =
      new dev.spanwise.tracing.internal.encode.OtlpJsonEncoder(
          dev.spanwise.tracing.internal.encode.GenAiVocabulary.INSTANCE,
          dev.spanwise.tracing.internal.encode.OtlpJsonEncoder.IdFormat.HEX);

  /** Spanwise's OTLP/JSON encoder, as the OTLP/HTTP exporter calls it: the request text, then UTF-8 bytes. */
  @Benchmark
  public int spanwiseOtlpJson() throws IOException {
    out.reset();
    out.write(spanwiseEncoder.encodeRequest(spanwiseBatch).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return out.size();
  }

  /** OpenTelemetry's default exporter path: TraceRequestMarshaler (stateful), JSON. */
  @Benchmark
  public int otelOtlpJsonStateful() throws IOException {
    out.reset();
    TraceRequestMarshaler.create(otelBatch).writeJsonTo(out);
    return out.size();
  }

  /** OpenTelemetry's reusable low-allocation marshaler (MemoryMode.REUSABLE_DATA), JSON. */
  @Benchmark
  public int otelOtlpJsonLowAlloc() throws IOException {
    out.reset();
    lowAlloc.initialize(otelBatch);
    try {
      lowAlloc.writeJsonTo(out);
    } finally {
      lowAlloc.reset();
    }
    return out.size();
  }

  /** Floor: OpenTelemetry's low-allocation marshaler writing protobuf. */
  @Benchmark
  public int otelOtlpProtoLowAlloc() throws IOException {
    out.reset();
    lowAlloc.initialize(otelBatch);
    try {
      lowAlloc.writeBinaryTo(out);
    } finally {
      lowAlloc.reset();
    }
    return out.size();
  }
}
