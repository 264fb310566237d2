package dev.spanwise.tracing.interop;

import dev.spanwise.tracing.scope.TraceScope;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts scope misuse for one {@link Spanwise} and logs the first case of each kind at WARN (later
 * ones at DEBUG), naming the scopes and threads involved. Never throws.
 */
final class MisuseMonitor {
    private static final Logger LOG = LoggerFactory.getLogger("dev.spanwise.tracing.interop.ScopeHandle");
    private static final String COUNTED = " Further cases are counted in Spanwise.scopeMisuse().";

    private final AtomicLong outOfOrder = new AtomicLong();
    private final AtomicLong repeated = new AtomicLong();
    private final AtomicLong otherThread = new AtomicLong();
    private final AtomicBoolean warnedOutOfOrder = new AtomicBoolean();
    private final AtomicBoolean warnedRepeated = new AtomicBoolean();
    private final AtomicBoolean warnedOtherThread = new AtomicBoolean();

    ScopeMisuse snapshot() {
        return new ScopeMisuse(outOfOrder.get(), repeated.get(), otherThread.get());
    }

    void outOfOrder(String closed, TraceScope stillOpen) {
        outOfOrder.incrementAndGet();
        log(warnedOutOfOrder, "Spanwise: scope '{}' was closed while '{}', started after it on thread '{}', is still open; "
            + "'{}' stays the thread's current scope until it is closed. Close scopes in the reverse order of start() "
            + "(try-with-resources does)." + COUNTED, closed, describe(stillOpen), Thread.currentThread().getName(), describe(stillOpen));
    }

    void repeated(String name, String call) {
        repeated.incrementAndGet();
        log(warnedRepeated, "Spanwise: {} on scope '{}', which had already ended; ignored (only the first end counts)."
            + COUNTED, call, name);
    }

    void otherThread(String name, Thread startedOn) {
        otherThread.incrementAndGet();
        log(warnedOtherThread, "Spanwise: scope '{}' was started on thread '{}' and ended on thread '{}'; it ended, and '{}' "
            + "no longer treats it as current. To hand work to another thread, wrap the task (Spanwise.wrap) or use "
            + "an explicit scope (Spanwise.begin)." + COUNTED, name, startedOn.getName(), Thread.currentThread().getName(),
            startedOn.getName());
    }

    private static void log(AtomicBoolean warned, String format, Object... args) {
        if (warned.compareAndSet(false, true)) {
            LOG.warn(format, args);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug(format, args);
        }
    }

    static String describe(TraceScope scope) {
        String name = scope.getName();
        return name.isEmpty() ? scope.getId() : name;
    }
}
