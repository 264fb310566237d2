package dev.spanwise.benchmarks;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.sun.net.httpserver.HttpServer;
import dev.spanwise.tracing.Tracing;
import dev.spanwise.tracing.config.TracingConfig;
import dev.spanwise.tracing.openai.SpanwiseOpenAI;
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
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * What {@code tracing-openai} adds to one non-streaming chat completion: the same request through
 * the plain OpenAI SDK client and through {@code SpanwiseOpenAI.wrap(client, tracing)} (content
 * capture off, counting no-op exporter), against an in-process loopback server (the JDK HttpServer)
 * that answers a fixed chat completion. Compare {@code wrapped} with {@code plain} in the same run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class OpenAIClientBenchmark {
  private static final byte[] COMPLETION = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1741570283,"
      + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
      + "\"content\":\"Paris is the capital of France.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":120,"
      + "\"completion_tokens\":40,\"total_tokens\":160,\"prompt_tokens_details\":{\"cached_tokens\":100},"
      + "\"completion_tokens_details\":{\"reasoning_tokens\":12}}}").getBytes(StandardCharsets.UTF_8);

  private HttpServer server;
  private ExecutorService executor;
  private Tracing tracing;
  private OpenAIClient plain;
  private OpenAIClient wrapped;
  private ChatCompletionCreateParams params;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    executor = Executors.newFixedThreadPool(2);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/v1/chat/completions", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        in.readAllBytes();
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, COMPLETION.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(COMPLETION);
      }
    });
    server.setExecutor(executor);
    server.start();
    String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    plain = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-bench").maxRetries(0).build();
    TracingConfig config = new TracingConfig();
    config.setServiceName("bench");
    config.setExporter(new CountingExporter());
    config.setRegisterShutdownHook(false);
    tracing = Tracing.create(config);
    wrapped = SpanwiseOpenAI.wrap(plain, tracing);
    params = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
        .addSystemMessage("You answer in one sentence.").addUserMessage("What is the capital of France?")
        .temperature(0.2).maxCompletionTokens(256).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    plain.close();
    server.stop(0);
    executor.shutdownNow();
    SpanwiseOps.shutdown(tracing);
  }

  /** The SDK alone. */
  @Benchmark
  @Threads(1)
  public ChatCompletion plain() {
    return plain.chat().completions().create(params);
  }

  /** The same call through the wrapped client: one LLM span per call. */
  @Benchmark
  @Threads(1)
  public ChatCompletion wrapped() {
    return wrapped.chat().completions().create(params);
  }
}
