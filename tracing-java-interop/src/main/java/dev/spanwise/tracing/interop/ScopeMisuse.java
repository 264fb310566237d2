package dev.spanwise.tracing.interop;

/**
 * How often scopes of one {@link Spanwise} were closed in a way that breaks the thread's scope
 * nesting, as counted by {@link Spanwise#scopeMisuse()}. None of these is an error for your code:
 * the scope still ends and the thread's current scope heals (it becomes the innermost scope opened
 * on that thread that is still open), but each one usually means a tree that is shaped differently
 * from what the code intends. The first case of each kind is logged at WARN with the scope names.
 *
 * <p>An immutable snapshot; counts only grow.
 */
public final class ScopeMisuse {
    private final long outOfOrderCloses;
    private final long repeatedCloses;
    private final long otherThreadCloses;

    ScopeMisuse(long outOfOrderCloses, long repeatedCloses, long otherThreadCloses) {
        this.outOfOrderCloses = outOfOrderCloses;
        this.repeatedCloses = repeatedCloses;
        this.otherThreadCloses = otherThreadCloses;
    }

    /**
     * Scopes closed while a scope started after them on the same thread was still open (a parent
     * closed before its child). The child stays the thread's current scope until it is closed.
     *
     * @return the count
     */
    public long outOfOrderCloses() {
        return outOfOrderCloses;
    }

    /**
     * Calls to {@code close()}, {@code end(…)} or {@code fail(…)} on a scope that had already been
     * closed, or {@code end(…)}/{@code fail(…)} on one that had already ended. (One {@code end(…)} or
     * {@code fail(…)} followed by the {@code close()} of try-with-resources is the intended pattern
     * and is not counted.)
     *
     * @return the count
     */
    public long repeatedCloses() {
        return repeatedCloses;
    }

    /**
     * Current scopes (from {@link ScopeBuilder#start()}) ended on a thread other than the one that
     * started them. The scope ends; the starting thread stops treating it as current.
     *
     * @return the count
     */
    public long otherThreadCloses() {
        return otherThreadCloses;
    }

    /** @return the sum of all kinds */
    public long total() {
        return outOfOrderCloses + repeatedCloses + otherThreadCloses;
    }

    @Override
    public String toString() {
        return "ScopeMisuse(outOfOrderCloses=" + outOfOrderCloses + ", repeatedCloses=" + repeatedCloses
            + ", otherThreadCloses=" + otherThreadCloses + ")";
    }
}
