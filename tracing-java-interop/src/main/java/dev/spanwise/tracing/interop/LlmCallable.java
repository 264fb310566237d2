package dev.spanwise.tracing.interop;

/**
 * An LLM call made by the callback of {@link LlmCallBuilder#call}: do the call, record its usage on
 * {@code call}, return the answer.
 *
 * <pre>{@code
 * String text = sw.llm("answer").provider("openai").model("gpt-4o").call(call -> {
 *     Reply r = client.chat(prompt);
 *     call.usage(r.inputTokens(), r.outputTokens());
 *     return r.text();
 * });
 * }</pre>
 *
 * @param <T> what the call returns
 * @param <E> the checked exception the call may throw (inferred; see {@link ScopeCallable})
 */
@FunctionalInterface
public interface LlmCallable<T, E extends Exception> {
    /**
     * Makes the call.
     *
     * @param call the open LLM span to record usage, model and content on
     * @return the result, returned unchanged to the caller
     * @throws E rethrown unchanged to the caller after it has been recorded on the span
     */
    T call(LlmCallHandle call) throws E;
}
