package dev.spanwise.tracing.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** design rule 7 ("disabled means free"): with {@code enabled(false)} every call is a no-op that allocates nothing. */
class DisabledIsFreeTest {
    private static final int ROUNDS = 100_000;

    @Test
    void disabledScopesAndLlmCallsAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        try (Spanwise sw = Spanwise.builder().enabled(false).build()) {
            long sink = 0;
            for (int i = 0; i < ROUNDS; i++) sink += work(sw); // warm up: JIT, class loading
            long before = threads.getThreadAllocatedBytes(me);
            for (int i = 0; i < ROUNDS; i++) sink += work(sw);
            long allocated = threads.getThreadAllocatedBytes(me) - before;
            assertEquals(2L * ROUNDS * 11, sink, "the callbacks ran and their results came back");
            assertTrue(allocated < 4_096, "allocated " + allocated + " bytes over " + ROUNDS + " disabled rounds");
        }
    }

    private static long work(Spanwise sw) {
        long n;
        try (ScopeHandle agent = sw.scope("agent").correlationId("order-42").attribute("user", "u").start()) {
            agent.attribute("turn", "first").attribute("input.tokens", 4_096L).attribute("score", 0.75).event("start");
            n = sw.llm("answer").provider("openai").model("gpt-4o").call(call -> {
                call.usage(10, 5).cacheReadTokens(2).reasoningTokens(1);
                return "answer";
            }).length();
            agent.tool("search").start().close();
        }
        return n + sw.traced("step", scope -> "abcde").length(); // 6 + 5
    }
}
