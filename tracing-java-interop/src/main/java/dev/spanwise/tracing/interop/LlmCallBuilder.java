package dev.spanwise.tracing.interop;

import dev.spanwise.tracing.scope.LlmScope;
import dev.spanwise.tracing.scope.TraceScope;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Prepares an LLM (or embedding) call span, a child of the scope it came from
 * ({@link ScopeHandle#llm}) or of the thread's current scope ({@link Spanwise#llm}).
 *
 * <pre>{@code
 * String text = sw.llm("answer").provider("openai").model("gpt-4o").call(call -> {
 *     Reply r = client.chat(prompt);
 *     call.usage(r.inputTokens(), r.outputTokens()).cacheReadTokens(r.cachedTokens());
 *     return r.text();
 * });
 * }</pre>
 *
 * Cost is computed from the configured {@link ModelPricing} when the call ends. Builders are cheap,
 * single-use and not thread-safe. No method throws.
 */
public final class LlmCallBuilder {
    static final LlmCallBuilder DISABLED = new LlmCallBuilder(null, "", null);

    private final Spanwise owner;
    private final String name;
    private final TraceScope parent;
    private String provider;
    private String model;
    private String operation = "chat";
    private Map<String, Object> attributes;

    LlmCallBuilder(Spanwise owner, String name, TraceScope parent) {
        this.owner = owner;
        this.name = Nulls.name(name);
        this.parent = parent;
    }

    /**
     * @param provider who serves the model, e.g. {@code openai}, {@code anthropic}
     * @return this builder
     */
    public LlmCallBuilder provider(String provider) {
        if (owner != null) this.provider = provider;
        return this;
    }

    /**
     * @param model the model asked for, e.g. {@code gpt-4o}; its price is looked up by this name
     * @return this builder
     */
    public LlmCallBuilder model(String model) {
        if (owner != null) this.model = model;
        return this;
    }

    /**
     * @param operation {@code chat} (the default), {@code text_completion}, {@code embeddings}, …;
     *     {@code embeddings} makes the span an {@code EMBEDDING} span
     * @return this builder
     */
    public LlmCallBuilder operation(String operation) {
        if (owner != null && operation != null) this.operation = operation;
        return this;
    }

    /**
     * Sets a span attribute.
     *
     * @param key the attribute name ({@code null} is ignored)
     * @param value a string, number, boolean or list of those
     * @return this builder
     */
    public LlmCallBuilder attribute(@Nullable String key, @Nullable Object value) {
        if (owner != null && key != null) {
            if (attributes == null) attributes = new LinkedHashMap<>();
            attributes.put(key, value);
        }
        return this;
    }

    /**
     * Opens the call, timed from now; record usage on it and close it. It does not become the
     * thread's current scope.
     *
     * @return the open call
     */
    public LlmCallHandle start() {
        if (owner == null) return LlmCallHandle.DISABLED;
        LlmScope scope = parent != null
            ? parent.createLlmCall(name, provider, model, operation)
            : owner.tracing().beginLlmCall(name, provider, model, operation, null);
        if (attributes != null) {
            for (Map.Entry<String, Object> e : attributes.entrySet()) scope.attribute(e.getKey(), e.getValue());
        }
        return new LlmCallHandle(scope);
    }

    /**
     * Opens the call as a stream, timed from now: it records the time to first chunk and the chunk
     * count, and ends as {@link LlmStream} describes.
     *
     * @return the open stream
     */
    public LlmStream startStream() {
        return new LlmStream(start());
    }

    /**
     * Makes the call inside the span and ends it. An exception from {@code work} is recorded
     * (status ERROR) and rethrown as the same instance.
     *
     * @param work does the call and records usage on its argument
     * @param <T> what the call returns
     * @param <E> the checked exception the call may throw
     * @return what {@code work} returned
     * @throws E whatever {@code work} threw, unchanged
     */
    public <T, E extends Exception> T call(LlmCallable<T, E> work) throws E {
        LlmCallHandle call = start();
        try {
            return work.call(call);
        } catch (Throwable t) {
            call.fail(t);
            throw t;
        } finally {
            call.close();
        }
    }

    /**
     * Like {@link #call}, for work that returns nothing.
     *
     * @param work does the call and records usage on its argument
     * @param <E> the checked exception the call may throw
     * @throws E whatever {@code work} threw, unchanged
     */
    public <E extends Exception> void run(LlmRunnable<E> work) throws E {
        LlmCallHandle call = start();
        try {
            work.run(call);
        } catch (Throwable t) {
            call.fail(t);
            throw t;
        } finally {
            call.close();
        }
    }
}
