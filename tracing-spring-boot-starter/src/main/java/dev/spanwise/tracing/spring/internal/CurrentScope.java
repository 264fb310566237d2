package dev.spanwise.tracing.spring.internal;

import dev.spanwise.tracing.spring.LogCorrelation;

import dev.spanwise.tracing.interop.ScopeHandle;
import dev.spanwise.tracing.scope.CurrentThreadScope;
import dev.spanwise.tracing.scope.TraceScope;

/**
 * Makes an explicitly begun scope the thread's current scope (and puts its ids in the MDC) for a
 * bounded stretch of code, without ending it on close — for work whose scope ends later, on
 * another thread (an async servlet request, a {@code CompletableFuture}, a {@code Mono}). Not part
 * of the public API.
 */
public final class CurrentScope implements AutoCloseable {
    private final TraceScope scope;
    private final int token;
    private final LogCorrelation mdc;

    private CurrentScope(TraceScope scope, int token, LogCorrelation mdc) {
        this.scope = scope;
        this.token = token;
        this.mdc = mdc;
    }

    /**
     * Attaches {@code handle} to this thread until {@link #close()}.
     *
     * @param handle an open scope begun with {@code begin()}
     * @return closes to detach it (the scope stays open)
     */
    public static CurrentScope attach(ScopeHandle handle) {
        TraceScope scope = handle.asTraceScope();
        int token = CurrentThreadScope.attach(scope);
        return new CurrentScope(scope, token, LogCorrelation.open(handle));
    }

    /** Detaches the scope from this thread and restores the MDC; the scope stays open. */
    @Override
    public void close() {
        mdc.close();
        CurrentThreadScope.detach(scope, token);
    }
}
