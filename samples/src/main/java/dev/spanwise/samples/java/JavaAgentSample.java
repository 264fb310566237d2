package dev.spanwise.samples.java;

import dev.spanwise.tracing.config.EnvironmentConfig;
import dev.spanwise.tracing.exporters.Exporters;

import dev.spanwise.tracing.export.ExportCounts;
import dev.spanwise.tracing.interop.LlmSpanRecord;
import dev.spanwise.tracing.interop.ModelPricing;
import dev.spanwise.tracing.interop.ScopeHandle;
import dev.spanwise.tracing.interop.Spanwise;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A support agent written in plain Java against the Spanwise facade: a retrieval, two tool calls
 * run in parallel on a thread pool, LLM calls with cached and reasoning tokens, a failed call that
 * is retried, and the headers a downstream HTTP call would carry. Prints the console tree and exits.
 */
public final class JavaAgentSample {
    private JavaAgentSample() {
    }

    /** A stand-in for a real model client, so the sample runs offline. */
    static final class FakeModelClient {
        private int calls;

        Reply chat(String prompt) throws IOException {
            calls++;
            if (calls == 2) throw new IOException("connection reset by peer");
            return new Reply("Your order ships today.", 1_850, 120, 1_024, 40);
        }
    }

    /** What the fake client answers. */
    static final class Reply {
        final String text;
        final long inputTokens;
        final long outputTokens;
        final long cachedTokens;
        final long reasoningTokens;

        Reply(String text, long inputTokens, long outputTokens, long cachedTokens, long reasoningTokens) {
            this.text = text;
            this.inputTokens = inputTokens;
            this.outputTokens = outputTokens;
            this.cachedTokens = cachedTokens;
            this.reasoningTokens = reasoningTokens;
        }
    }

    public static void main(String[] args) throws Exception {
        FakeModelClient client = new FakeModelClient();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Spanwise sw = Spanwise.builder()
                .serviceName("java-support-bot")
                .environment("local")
                // SPANWISE_* / OTEL_* settings apply underneath; the environment's exporter when it
                // names one, else the console tree.
                .fromEnvironment()
                .exporter(EnvironmentConfig.system().exporterOr(() -> Exporters.console()))
                .modelPricing("gpt-4o", ModelPricing.perMillionTokens(2.50, 10.00).cacheRead(1.25))
                .modelPricing("gpt-4o-mini", ModelPricing.perMillionTokens(0.15, 0.60))
                .globalAttribute("sample", "java")
                .shutdownTimeout(Duration.ofSeconds(5))
                .build()) {
            ExecutorService tracedPool = sw.wrap(pool);

            try (ScopeHandle agent = sw.scope("support-agent").correlationId("order-42").attribute("user.id", "u-1001").start()) {
                List<String> docs = agent.retrieval("kb-search").call(search -> {
                    search.attribute("hits", 2);
                    return List.of("shipping-policy.md", "order-42.json");
                });

                CompletableFuture<String> weather = CompletableFuture.supplyAsync(
                    () -> agent.tool("weather").attribute("city", "Lisbon").call(tool -> "sunny"), tracedPool);
                CompletableFuture<String> stock = CompletableFuture.supplyAsync(
                    () -> sw.traced("check-inventory", step -> "in stock"), tracedPool);

                String answer = sw.llm("answer").provider("openai").model("gpt-4o").call(call -> {
                    Reply r = client.chat("Where is order 42? " + docs + " " + weather.join() + " " + stock.join());
                    call.usage(r.inputTokens, r.outputTokens).cacheReadTokens(r.cachedTokens)
                        .reasoningTokens(r.reasoningTokens).finishReasons("stop");
                    return r.text;
                });

                try {
                    sw.llm("follow-up").provider("openai").model("gpt-4o").call(call -> client.chat("Anything else?").text);
                } catch (IOException e) {
                    agent.event("follow-up-skipped", Map.of("reason", e.getMessage()));
                }

                Instant started = Instant.now();
                sw.recordSpan(agent, LlmSpanRecord.builder()
                    .name("summarize").provider("openai").model("gpt-4o-mini")
                    .startedAt(started).duration(Duration.ofMillis(180))
                    .inputTokens(400).outputTokens(60).build());

                Map<String, String> outgoing = agent.headers();
                System.out.println("answer: " + answer);
                System.out.println("headers for a downstream call: " + outgoing);
                System.out.printf("agent totals so far: %d LLM calls, $%.6f%n",
                    agent.totals().getLlmCalls(), agent.totals().getCostUsd());
            }

            ExportCounts flushed = sw.flush().join();
            System.out.println("flushed: exported=" + flushed.getExported() + " pending=" + flushed.getPending());
        } finally {
            pool.shutdown();
        }
    }
}
