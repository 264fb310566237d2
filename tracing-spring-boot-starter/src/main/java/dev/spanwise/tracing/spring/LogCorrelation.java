package dev.spanwise.tracing.spring;

import dev.spanwise.tracing.interop.ScopeHandle;
import org.slf4j.MDC;

/**
 * Puts the current scope's {@code trace_id} and {@code span_id} in the SLF4J MDC and puts back
 * what was there before when closed, so log lines written while a scope is current carry its ids
 * ({@code %X{trace_id}} in a Logback or Log4j2 pattern).
 */
public final class LogCorrelation implements AutoCloseable {
    /** MDC key of the 32-hex trace id. */
    public static final String TRACE_ID = "trace_id";

    /** MDC key of the 16-hex span id of the current scope. */
    public static final String SPAN_ID = "span_id";

    private static final LogCorrelation NOTHING = new LogCorrelation(null, null, false);

    private final String previousTraceId;
    private final String previousSpanId;
    private final boolean active;

    private LogCorrelation(String previousTraceId, String previousSpanId, boolean active) {
        this.previousTraceId = previousTraceId;
        this.previousSpanId = previousSpanId;
        this.active = active;
    }

    /**
     * Puts {@code scope}'s ids in the MDC of this thread (nothing for a scope that does not record).
     *
     * @param scope the scope becoming current
     * @return closes to restore the MDC's previous values
     */
    public static LogCorrelation open(ScopeHandle scope) {
        if (!scope.isRecording()) return NOTHING;
        try {
            LogCorrelation restore = new LogCorrelation(MDC.get(TRACE_ID), MDC.get(SPAN_ID), true);
            MDC.put(TRACE_ID, scope.traceId());
            MDC.put(SPAN_ID, scope.spanId());
            return restore;
        } catch (RuntimeException e) { // an MDC adapter that fails must not fail the request
            return NOTHING;
        }
    }

    /** Restores the MDC values that were there before {@link #open(ScopeHandle)}. Never throws. */
    @Override
    public void close() {
        if (!active) return;
        try {
            restore(TRACE_ID, previousTraceId);
            restore(SPAN_ID, previousSpanId);
        } catch (RuntimeException ignored) {
            // nothing to do: logging stays usable without the ids
        }
    }

    private static void restore(String key, String value) {
        if (value == null) MDC.remove(key);
        else MDC.put(key, value);
    }
}
