package dev.spanwise.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process OTLP/HTTP receiver of the end-to-end benchmark (#7): the JDK HttpServer on
 * 127.0.0.1 and a free port, answering 200 with an empty body. It counts requests, bytes and spans
 * (occurrences of {@code "spanId"} in the JSON body), the most requests in flight at once, and how
 * long each request body took to arrive. A client without {@code TCP_NODELAY} shows the
 * Nagle/delayed-ACK stall there: bodies whose last segment waits ~40 ms for an ACK.
 */
public final class LoopbackReceiver implements AutoCloseable {
  private static final byte[] SPAN_ID = "\"spanId\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong spans = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final long[] bodyNanos = new long[1 << 16];
  private final AtomicInteger bodies = new AtomicInteger();

  public LoopbackReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/v1/traces", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The traces URL, {@code <base>/v1/traces}. */
  public String tracesUrl() {
    return baseUrl() + "/v1/traces";
  }

  public long requests() {
    return requests.get();
  }

  public long bytes() {
    return bytes.get();
  }

  public long spans() {
    return spans.get();
  }

  public int maxInFlight() {
    return maxInFlight.get();
  }

  /** The {@code q}-quantile (0..1) of body arrival times in milliseconds, or NaN without requests. */
  public double bodyMillis(double q) {
    int n = Math.min(bodies.get(), bodyNanos.length);
    if (n == 0) return Double.NaN;
    long[] copy = java.util.Arrays.copyOf(bodyNanos, n);
    java.util.Arrays.sort(copy);
    return copy[Math.min(n - 1, (int) Math.floor(q * n))] / 1e6;
  }

  private void handle(HttpExchange exchange) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try (InputStream in = exchange.getRequestBody()) {
      byte[] buf = new byte[64 * 1024];
      long total = 0;
      long found = 0;
      int matched = 0;
      int n;
      long firstByte = 0;
      while ((n = in.read(buf)) > 0) {
        if (firstByte == 0) firstByte = System.nanoTime();
        total += n;
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          if (b == SPAN_ID[matched]) {
            if (++matched == SPAN_ID.length) {
              found++;
              matched = 0;
            }
          } else {
            matched = b == SPAN_ID[0] ? 1 : 0;
          }
        }
      }
      int slot = bodies.getAndIncrement();
      if (slot < bodyNanos.length && firstByte != 0) bodyNanos[slot] = System.nanoTime() - firstByte;
      bytes.addAndGet(total);
      spans.addAndGet(found);
      requests.incrementAndGet();
      exchange.sendResponseHeaders(200, -1);
    } finally {
      inFlight.decrementAndGet();
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
