package dev.spanwise.tracing.interop;

/**
 * An LLM call with no result to hand back: the callback of {@link LlmCallBuilder#run}.
 *
 * @param <E> the checked exception the call may throw (inferred; see {@link ScopeCallable})
 */
@FunctionalInterface
public interface LlmRunnable<E extends Exception> {
    /**
     * Makes the call.
     *
     * @param call the open LLM span to record usage, model and content on
     * @throws E rethrown unchanged to the caller after it has been recorded on the span
     */
    void run(LlmCallHandle call) throws E;
}
