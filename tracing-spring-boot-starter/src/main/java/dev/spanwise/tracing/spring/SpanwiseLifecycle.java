package dev.spanwise.tracing.spring;

import dev.spanwise.tracing.interop.Spanwise;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * Flushes and shuts the {@link Spanwise} bean down when the application context stops, after the
 * web server has finished its graceful shutdown (a lower phase stops later), within Spring's
 * {@code spring.lifecycle.timeout-per-shutdown-phase}.
 */
final class SpanwiseLifecycle implements SmartLifecycle {
    /** Below the web server's phases, so requests still in flight end their spans first. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;
    private static final Duration MARGIN = Duration.ofMillis(500);

    private final Spanwise spanwise;
    private final Duration timeout;
    private volatile boolean running;

    SpanwiseLifecycle(Spanwise spanwise, Duration phaseTimeout) {
        this.spanwise = spanwise;
        Duration t = phaseTimeout.minus(MARGIN);
        this.timeout = t.isNegative() ? Duration.ZERO : t;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        spanwise.shutdown(timeout).join();
        running = false;
    }

    @Override
    public void stop(Runnable callback) {
        running = false;
        spanwise.shutdown(timeout).whenComplete((counts, error) -> callback.run());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
