package dev.spanwise.benchmarks;

import dev.spanwise.tracing.exporters.internal.encode.GenAiVocabulary;
import dev.spanwise.tracing.exporters.internal.encode.OtlpJsonEncoder;
import dev.spanwise.tracing.exporters.internal.json.ByteSink;
import dev.spanwise.tracing.exporters.internal.json.Utf8JsonWriter;
import dev.spanwise.tracing.exporters.internal.json.Utf8JsonWriterPool;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * #6 of the performance goals: OTLP encoding of a fixed 512-span batch (ten attributes; with
 * {@code payloadBytes} = 1024 also a 1 KiB prompt and a 1 KiB completion per span). Scores are µs
 * per batch; B/op is bytes per batch. Every encoder writes into a buffer reused across batches.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class EncodingBenchmark {
  @Param({"0", "1024"})
  public int payloadBytes;

  private List<SpanData> otelBatch;
  private List<dev.spanwise.tracing.model.SpanData> spanwiseBatch;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(4 << 20);
  private final LowAllocationTraceRequestMarshaler lowAlloc = new LowAllocationTraceRequestMarshaler();

  @Setup(Level.Trial)
  public void setUp() {
    otelBatch = OtelBatches.spans(BatchShape.BATCH, payloadBytes);
    spanwiseBatch = SpanwiseBatches.spans(BatchShape.BATCH, payloadBytes);
  }

  private final OtlpJsonEncoder spanwiseEncoder =
      new OtlpJsonEncoder(GenAiVocabulary.INSTANCE, OtlpJsonEncoder.IdFormat.HEX);
  private final Utf8JsonWriterPool spanwiseWriters = new Utf8JsonWriterPool();

  /**
   * Spanwise's OTLP/JSON encoder, as the OTLP/HTTP exporter calls it: UTF-8 straight into a pooled,
   * reused buffer, whose bytes are then handed on (here to the Blackhole) before it is returned.
   */
  @Benchmark
  public int spanwiseOtlpJson(Blackhole bh) {
    Utf8JsonWriter writer = spanwiseWriters.acquire(0);
    spanwiseEncoder.encodeRequest(spanwiseBatch, writer);
    ByteSink sink = writer.getSink();
    bh.consume(sink.bytes);
    int size = sink.size;
    spanwiseWriters.release(writer);
    return size;
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
