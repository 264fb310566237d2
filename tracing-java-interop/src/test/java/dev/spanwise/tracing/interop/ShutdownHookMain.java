package dev.spanwise.tracing.interop;

import dev.spanwise.tracing.export.ExportCounts;
import java.time.Duration;

/**
 * A program for {@link ShutdownHookTest}, run in its own JVM: records 100 spans and returns from
 * {@code main} without shutting down. Modes: {@code builtin} (the builder's shutdown hook),
 * {@code manual} (the program's own hook calls {@code shutdown().join()}), {@code none}.
 */
public final class ShutdownHookMain {
    private ShutdownHookMain() {
    }

    public static void main(String[] args) {
        String mode = args[0];
        Spanwise sw = Spanwise.builder()
            .serviceName("hook-demo")
            .console()
            .flushInterval(Duration.ofSeconds(60)) // nothing leaves before shutdown
            .registerShutdownHook(mode.equals("builtin"))
            .shutdownTimeout(Duration.ofSeconds(3))
            .build();
        if (mode.equals("manual")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                ExportCounts r = sw.shutdown(Duration.ofSeconds(3)).join();
                System.out.println("hook-result exported=" + r.getExported() + " pending=" + r.getPending());
            }));
        }
        for (int i = 0; i < 100; i++) {
            try (ScopeHandle agent = sw.scope("job-" + i).start()) {
                sw.llm("call-" + i).model("gpt-4o").start().usage(10, 5).close();
            }
        }
        System.out.println("main-returns");
    }
}
