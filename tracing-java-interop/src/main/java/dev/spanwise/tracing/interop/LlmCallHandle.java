package dev.spanwise.tracing.interop;

import dev.spanwise.tracing.scope.LlmScope;
import dev.spanwise.tracing.model.SpanStatus;
import dev.spanwise.tracing.Tracing;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An open LLM or embedding call: record what the provider reported, then close it (the span's
 * end time). Token counts follow OpenTelemetry GenAI: input includes cached tokens, output
 * includes reasoning tokens.
 *
 * <pre>{@code
 * try (LlmCallHandle call = agent.llm("answer").provider("anthropic").model("claude-sonnet-4").start()) {
 *     Reply r = client.send(request);
 *     call.usage(r.inputTokens(), r.outputTokens())
 *         .cacheReadTokens(r.cacheReadTokens())
 *         .reasoningTokens(r.thinkingTokens())
 *         .finishReasons(r.stopReason());
 * }
 * }</pre>
 *
 * Thread-safe; no method throws; {@link #close()} is idempotent. Token methods add to the counts
 * recorded so far, so a streamed answer can report usage chunk by chunk.
 */
public final class LlmCallHandle implements AutoCloseable {
    static final LlmCallHandle DISABLED = new LlmCallHandle(Tracing.DISABLED.beginLlmCall(""));

    private final LlmScope scope;

    LlmCallHandle(LlmScope scope) {
        this.scope = scope;
    }

    /**
     * Adds input and output tokens.
     *
     * @param inputTokens prompt tokens, cached ones included
     * @param outputTokens completion tokens, reasoning ones included
     * @return this handle
     */
    public LlmCallHandle usage(long inputTokens, long outputTokens) {
        scope.usage(inputTokens, outputTokens, 0, 0, 0);
        return this;
    }

    /**
     * Adds every kind of token at once.
     *
     * @param inputTokens prompt tokens, cached ones included
     * @param outputTokens completion tokens, reasoning ones included
     * @param cacheReadTokens prompt tokens read from the prompt cache
     * @param cacheWriteTokens prompt tokens written to the prompt cache
     * @param reasoningTokens completion tokens spent on hidden reasoning
     * @return this handle
     */
    public LlmCallHandle usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                               long reasoningTokens) {
        scope.usage(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens);
        return this;
    }

    /**
     * Adds prompt tokens read from the provider's prompt cache (already counted in the input tokens).
     *
     * @param tokens the count
     * @return this handle
     */
    public LlmCallHandle cacheReadTokens(long tokens) {
        scope.usage(0, 0, tokens, 0, 0);
        return this;
    }

    /**
     * Adds prompt tokens written to the provider's prompt cache (already counted in the input tokens).
     *
     * @param tokens the count
     * @return this handle
     */
    public LlmCallHandle cacheWriteTokens(long tokens) {
        scope.usage(0, 0, 0, tokens, 0);
        return this;
    }

    /**
     * Adds completion tokens spent on hidden reasoning (already counted in the output tokens).
     *
     * @param tokens the count
     * @return this handle
     */
    public LlmCallHandle reasoningTokens(long tokens) {
        scope.usage(0, 0, 0, 0, tokens);
        return this;
    }

    /**
     * @param model the model that actually answered, when the provider reports it
     * @return this handle
     */
    public LlmCallHandle responseModel(String model) {
        if (model != null) scope.responseModel(model);
        return this;
    }

    /**
     * @param reasons why the model stopped, one per choice
     * @return this handle
     */
    public LlmCallHandle finishReasons(String... reasons) {
        if (reasons != null && reasons.length > 0) {
            String[] copy = reasons.clone();
            for (int i = 0; i < copy.length; i++) if (copy[i] == null) copy[i] = "";
            scope.finishReasons(copy);
        }
        return this;
    }

    /**
     * Captures the prompt — kept only when content capture is on; masked and bounded first.
     *
     * @param content the prompt text
     * @return this handle
     */
    public LlmCallHandle input(String content) {
        if (content != null) scope.input(content);
        return this;
    }

    /**
     * Captures the completion — kept only when content capture is on; masked and bounded first.
     *
     * @param content the completion text
     * @return this handle
     */
    public LlmCallHandle output(String content) {
        if (content != null) scope.output(content);
        return this;
    }

    /**
     * @param temperature the sampling temperature the call was made with
     * @return this handle
     */
    public LlmCallHandle temperature(double temperature) {
        scope.request(temperature, null, null, null, null, null, null, null, null, null);
        return this;
    }

    /**
     * @param topP the nucleus sampling probability mass
     * @return this handle
     */
    public LlmCallHandle topP(double topP) {
        scope.request(null, topP, null, null, null, null, null, null, null, null);
        return this;
    }

    /**
     * @param topK the top-k sampling cut
     * @return this handle
     */
    public LlmCallHandle topK(long topK) {
        scope.request(null, null, topK, null, null, null, null, null, null, null);
        return this;
    }

    /**
     * @param maxTokens the most tokens the model may generate
     * @return this handle
     */
    public LlmCallHandle maxTokens(long maxTokens) {
        scope.request(null, null, null, maxTokens, null, null, null, null, null, null);
        return this;
    }

    /**
     * @param seed the seed asked for
     * @return this handle
     */
    public LlmCallHandle seed(long seed) {
        scope.request(null, null, null, null, seed, null, null, null, null, null);
        return this;
    }

    /**
     * @param stopSequences sequences that stop generation ({@code null} entries are ignored)
     * @return this handle
     */
    public LlmCallHandle stopSequences(@Nullable String... stopSequences) {
        if (stopSequences != null) {
            scope.request(null, null, null, null, null, Arrays.asList(Nulls.strings(stopSequences)), null, null, null, null);
        }
        return this;
    }

    /**
     * @param penalty the frequency penalty
     * @return this handle
     */
    public LlmCallHandle frequencyPenalty(double penalty) {
        scope.request(null, null, null, null, null, null, penalty, null, null, null);
        return this;
    }

    /**
     * @param penalty the presence penalty
     * @return this handle
     */
    public LlmCallHandle presencePenalty(double penalty) {
        scope.request(null, null, null, null, null, null, null, penalty, null, null);
        return this;
    }

    /**
     * @param stream whether the answer is streamed
     * @return this handle
     */
    public LlmCallHandle stream(boolean stream) {
        scope.request(null, null, null, null, null, null, null, null, stream, null);
        return this;
    }

    /**
     * @param choiceCount how many choices were asked for
     * @return this handle
     */
    public LlmCallHandle choiceCount(int choiceCount) {
        scope.request(null, null, null, null, null, null, null, null, null, (long) choiceCount);
        return this;
    }

    /**
     * @param responseId the provider's id of the answer, e.g. {@code chatcmpl-123}
     * @return this handle
     */
    public LlmCallHandle responseId(@Nullable String responseId) {
        if (responseId != null) scope.responseId(responseId);
        return this;
    }

    /**
     * Records a tool call the model's response asked for. The TOOL scope that executes it links back
     * to this call when given the same id ({@link ScopeHandle#toolCallId(String)}).
     *
     * @param id the provider's call id, e.g. {@code call_abc123} ({@code null} is ignored)
     * @param name the tool's name ({@code null} is ignored)
     * @param arguments the arguments as the model wrote them; content: kept only when content capture
     *     is on, masked and bounded
     * @return this handle
     */
    public LlmCallHandle toolCall(@Nullable String id, @Nullable String name, @Nullable String arguments) {
        if (id != null && name != null) scope.toolCall(id, name, arguments);
        return this;
    }

    /**
     * Records the managed prompt the call was rendered from.
     *
     * @param name the prompt's name ({@code null} is ignored)
     * @param version its version or label, or {@code null}
     * @return this handle
     */
    public LlmCallHandle prompt(@Nullable String name, @Nullable String version) {
        return prompt(name, version, null);
    }

    /**
     * Records the managed prompt the call was rendered from and the variables filled in. Variables
     * are content: kept only when content capture is on, rendered as text, masked and bounded.
     *
     * @param name the prompt's name ({@code null} is ignored)
     * @param version its version or label, or {@code null}
     * @param variables the variables, or {@code null}
     * @return this handle
     */
    public LlmCallHandle prompt(@Nullable String name, @Nullable String version, @Nullable Map<String, ?> variables) {
        if (name != null) scope.prompt(name, version, Nulls.attributes(variables));
        return this;
    }

    /**
     * Marks the call WARNING without failing it (an error recorded later still makes it ERROR).
     *
     * @param message what was noteworthy (masked and bounded like an exception message)
     * @return this handle
     */
    public LlmCallHandle warning(@Nullable String message) {
        if (message != null) scope.warning(message);
        return this;
    }

    /**
     * Sets a span attribute; {@code null} keys or values are ignored.
     *
     * @param key the attribute name
     * @param value a string, number, boolean or list of those
     * @return this handle
     */
    public LlmCallHandle attribute(@Nullable String key, @Nullable Object value) {
        if (key != null) scope.attribute(key, value);
        return this;
    }

    /**
     * Sets a numeric span attribute; boxes the value only when the call is recorded.
     *
     * @param key the attribute name
     * @param value the value
     * @return this handle
     */
    public LlmCallHandle attribute(String key, long value) {
        if (key != null) scope.attribute(key, value);
        return this;
    }

    /**
     * Sets a floating-point span attribute; boxes the value only when the call is recorded.
     *
     * @param key the attribute name
     * @param value the value
     * @return this handle
     */
    public LlmCallHandle attribute(String key, double value) {
        if (key != null) scope.attribute(key, value);
        return this;
    }

    /**
     * Adds a timestamped event, e.g. {@code first-token}.
     *
     * @param name the event name
     * @param attributes its attributes, or {@code null}
     * @return this handle
     */
    public LlmCallHandle event(String name, @Nullable Map<String, ?> attributes) {
        if (name != null) scope.event(name, Nulls.attributes(attributes));
        return this;
    }

    /**
     * Records an error (type, message, stack trace); the call ends with status ERROR.
     *
     * @param error what went wrong
     * @return this handle
     */
    public LlmCallHandle recordError(Throwable error) {
        if (error != null) scope.recordException(error);
        return this;
    }

    /** @return the span's scope id */
    public String id() {
        return scope.getId();
    }

    /** @return whether the call records anything ({@code false} when disabled or sampled out) */
    public boolean isRecording() {
        return scope.isRecording();
    }

    /** @return the core span behind this handle, for code that mixes in the Kotlin API */
    public LlmScope asLlmScope() {
        return scope;
    }

    /**
     * Ends the call with the given status. Later calls do nothing.
     *
     * @param status how the call ended
     */
    public void end(SpanStatus status) {
        if (status == null) scope.end(); else scope.end(status);
    }

    /** Ends the call (OK, or ERROR when an error was recorded); cost is computed now. Idempotent. */
    @Override
    public void close() {
        scope.end();
    }

    /**
     * Records {@code error} and ends the call with status ERROR — or CANCELLED for a
     * {@code java.util.concurrent.CancellationException} — then returns the same instance, for a
     * one-line {@code catch} inside try-with-resources:
     *
     * <pre>{@code
     * try (LlmCallHandle call = agent.llm("answer").model("gpt-4o").start()) {
     *     try {
     *         return client.send(request);
     *     } catch (IOException e) {
     *         throw call.fail(e);
     *     }
     * }
     * }</pre>
     *
     * On a call that already ended it records nothing.
     *
     * @param error what went wrong; returned as is ({@code null} is ignored and returned)
     * @param <T> the exception's type, kept so that {@code throw call.fail(e)} needs no cast
     * @return {@code error}
     */
    public <T extends Throwable> @Nullable T fail(@Nullable T error) {
        if (error == null) return null;
        if (error instanceof java.util.concurrent.CancellationException) {
            end(SpanStatus.CANCELLED);
        } else {
            recordError(error);
            end(SpanStatus.ERROR);
        }
        return error;
    }

    @Override
    public String toString() {
        return "LlmCallHandle(" + scope + ")";
    }
}
