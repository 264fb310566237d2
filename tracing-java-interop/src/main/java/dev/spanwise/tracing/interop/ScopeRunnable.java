package dev.spanwise.tracing.interop;

/**
 * Work run inside a scope that returns nothing: the callback of {@link ScopeBuilder#run}.
 *
 * @param <E> the checked exception the work may throw (inferred; see {@link ScopeCallable})
 */
@FunctionalInterface
public interface ScopeRunnable<E extends Exception> {
    /**
     * Does the work.
     *
     * @param scope the scope the work runs in (also the thread's current scope meanwhile)
     * @throws E rethrown unchanged to the caller after it has been recorded on the scope
     */
    void run(ScopeHandle scope) throws E;
}
