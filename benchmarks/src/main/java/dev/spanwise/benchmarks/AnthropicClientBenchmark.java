package dev.spanwise.benchmarks;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.spanwise.tracing.Tracing;
import dev.spanwise.tracing.anthropic.SpanwiseAnthropic;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The cost of tracing an Anthropic SDK call: one non-streaming {@code messages().create(…)} of the
 * real SDK client (OkHttp) against a loopback server answering a fixed message, unwrapped and
 * wrapped with {@code SpanwiseAnthropic.wrap} (spans exported to a counting exporter, content
 * capture off). Run with {@code -prof gc} to compare allocations per call.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// TCP_NODELAY on the JDK server: without it each response waits ~40 ms for a delayed ACK, and
// that stall, not the client, is what the benchmark would measure.
@Fork(jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
public class AnthropicClientBenchmark {
  private static final byte[] MESSAGE = ("{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\","
      + "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"Paris.\"}],"
      + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":100,\"output_tokens\":20,"
      + "\"cache_read_input_tokens\":50,\"cache_creation_input_tokens\":10}}").getBytes(StandardCharsets.UTF_8);

  /** The loopback server, the two clients and the request. */
  @State(Scope.Benchmark)
  public static class Clients {
    HttpServer server;
    ExecutorService executor;
    CountingExporter exporter;
    Tracing tracing;
    AnthropicClient unwrapped;
    AnthropicClient wrapped;
    MessageCreateParams params;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      executor = Executors.newFixedThreadPool(2);
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      server.createContext("/v1/messages", Clients::answer);
      server.setExecutor(executor);
      server.start();
      exporter = new CountingExporter();
      tracing = SpanwiseOps.tracing(exporter);
      unwrapped = AnthropicOkHttpClient.builder()
          .baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
          .apiKey("benchmark-key")
          .maxRetries(0)
          .build();
      wrapped = SpanwiseAnthropic.wrap(unwrapped, tracing);
      params = MessageCreateParams.builder()
          .model("claude-sonnet-4-5")
          .maxTokens(256)
          .system("You are a geography tutor.")
          .addUserMessage("What is the capital of France?")
          .build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      SpanwiseOps.shutdown(tracing);
      unwrapped.close();
      server.stop(0);
      executor.shutdownNow();
    }

    private static void answer(HttpExchange exchange) throws IOException {
      try (InputStream in = exchange.getRequestBody()) {
        in.readAllBytes();
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, MESSAGE.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(MESSAGE);
      }
    }
  }

  /** The SDK client as it is. */
  @Benchmark
  @Threads(1)
  public Message unwrapped(Clients c) {
    return c.unwrapped.messages().create(c.params);
  }

  /** The same client wrapped: one LLM span per call. */
  @Benchmark
  @Threads(1)
  public Message wrapped(Clients c) {
    return c.wrapped.messages().create(c.params);
  }
}
