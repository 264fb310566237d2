package dev.spanwise.samples.java;

import dev.spanwise.tracing.export.ExportCounts;
import dev.spanwise.tracing.interop.ModelPricing;
import dev.spanwise.tracing.interop.ScopeHandle;
import dev.spanwise.tracing.interop.Spanwise;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Java examples for the README and docs/java.md, kept here so the build compiles them: copy a
 * block between two "---" markers as it is.
 */
final class JavaQuickStart {
    private JavaQuickStart() {
    }

    /** A model reply. */
    static final class Reply {
        final String text;
        final long in;
        final long out;
        final long cached;

        Reply(String text, long in, long out, long cached) {
            this.text = text;
            this.in = in;
            this.out = out;
            this.cached = cached;
        }
    }

    /** A model client that may fail with a checked exception. */
    static final class Client {
        Reply chat(String q) throws IOException {
            return new Reply("answer to " + q, 1200, 80, 1024);
        }
    }

    static String quickStart(Client client, String q) throws IOException {
        // --- quick start ---
        Spanwise sw = Spanwise.builder().serviceName("support-bot").console()
            .modelPricing("gpt-4o", ModelPricing.perMillionTokens(2.50, 10.00).cacheRead(1.25)).build();
        String text;
        try (ScopeHandle agent = sw.scope("support-agent").correlationId("order-42").start()) {
            try {
                text = sw.llm("answer").provider("openai").model("gpt-4o").call(call -> {
                    Reply r = client.chat(q);
                    call.usage(r.in, r.out).cacheReadTokens(r.cached);
                    return r.text;
                });
            } catch (RuntimeException e) {
                throw agent.fail(e);   // try-with-resources closes before any catch: record the failure here
            }
        }
        CompletableFuture<ExportCounts> flushed = sw.flush();
        sw.shutdown(Duration.ofSeconds(5));
        // --- end ---
        flushed.join();
        return text;
    }

    static void threadsAndHeaders(Spanwise sw, Map<String, String> incoming) {
        // --- threads and headers ---
        ExecutorService pool = sw.wrap(Executors.newFixedThreadPool(4));
        try (ScopeHandle handler = sw.scope("handle-order").parentFromHeaders(incoming).start()) {
            CompletableFuture<List<String>> docs = CompletableFuture.supplyAsync(
                () -> handler.retrieval("kb-search").call(search -> List.of("policy.md")), pool);
            Map<String, String> outgoing = handler.headers(); // traceparent, x-spanwise-scope, x-spanwise-correlation
            docs.join();
        }
        pool.shutdown();
        // --- end ---
    }
}
