package dev.spanwise.tracing.interop;

/**
 * Work run inside a scope that returns a value: the callback of {@link Spanwise#traced} and
 * {@link ScopeBuilder#call}.
 *
 * <p>The type parameter {@code E} lets the callback throw a checked exception that the caller
 * then catches by its own type; Java infers it from the lambda body ({@code RuntimeException}
 * when the body throws nothing checked):
 *
 * <pre>{@code
 * try {
 *     String page = sw.traced("fetch", scope -> Files.readString(path));   // may throw IOException
 * } catch (IOException e) { ... }                                          // the same instance
 * }</pre>
 *
 * @param <T> what the work returns
 * @param <E> the checked exception the work may throw
 */
@FunctionalInterface
public interface ScopeCallable<T, E extends Exception> {
    /**
     * Does the work.
     *
     * @param scope the scope the work runs in (also the thread's current scope meanwhile)
     * @return the work's result, returned unchanged to the caller
     * @throws E rethrown unchanged to the caller after it has been recorded on the scope
     */
    T call(ScopeHandle scope) throws E;
}
