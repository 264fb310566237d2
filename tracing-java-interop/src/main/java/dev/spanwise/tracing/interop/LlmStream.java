package dev.spanwise.tracing.interop;

import dev.spanwise.tracing.LlmStreamTracker;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * A streamed LLM call: one span that measures itself. It records {@code gen_ai.request.stream = true},
 * the time from its start to the first {@link #chunk()} ({@code gen_ai.response.time_to_first_chunk},
 * seconds) and the number of chunks ({@code spanwise.stream.chunks}); record what the chunks carry
 * (usage, usually on the last one; finish reasons) with the methods below.
 *
 * <p>Callback form — for SDKs that push chunks to a listener:
 * <pre>{@code
 * LlmStream s = agent.llmStream("answer", "openai", "gpt-4o");
 * client.streamChat(request, new Listener() {
 *     public void onChunk(ChatChunk c) {
 *         s.chunk();
 *         if (c.usage() != null) s.usage(c.usage().promptTokens(), c.usage().completionTokens());
 *     }
 *     public void onComplete() { s.complete(); }
 *     public void onError(Throwable e) { s.fail(e); }
 * });
 * }</pre>
 *
 * <p>Wrapper form — for SDKs that return an {@link Iterator} or a {@link Stream}:
 * <pre>{@code
 * try (LlmStream s = agent.llmStream("answer", "openai", "gpt-4o");
 *      Stream<ChatChunk> chunks = s.wrap(client.streamChat(request), c -> {
 *          if (c.usage() != null) s.usage(c.usage().promptTokens(), c.usage().completionTokens());
 *      })) {
 *     chunks.forEach(c -> System.out.print(c.text()));
 * }
 * }</pre>
 *
 * <h2>How the span ends</h2>
 * The first of these counts; later ones do nothing:
 * <ul>
 *   <li>{@link #complete()}, an exhausted wrapped iterator or stream → OK;</li>
 *   <li>{@link #close()} (try-with-resources), also on a wrapped {@link Stream} → OK: the consumer
 *       stopped reading, with the chunks that arrived;</li>
 *   <li>{@link #fail(Throwable)}, or an exception from the wrapped iterator's {@code hasNext()}/{@code next()}
 *       or from the chunk callback (rethrown as the same instance) → ERROR; a
 *       {@code java.util.concurrent.CancellationException} → CANCELLED;</li>
 *   <li>{@link #cancel()} → CANCELLED, keeping whatever usage arrived.</li>
 * </ul>
 *
 * Thread-safe (chunks may arrive on an SDK's thread); no method throws except the rethrown
 * exceptions of wrapped iterators and callbacks. When the call is not recorded (tracing disabled,
 * sampled out) {@code wrap} returns what it was given, unchanged.
 */
public final class LlmStream implements AutoCloseable {
    private final LlmCallHandle call;
    private final LlmStreamTracker tracker;

    LlmStream(LlmCallHandle call) {
        this.call = call;
        this.tracker = LlmStreamTracker.start(call.asLlmScope());
    }

    /**
     * Records that a chunk arrived; the first one also records the time to first chunk.
     *
     * @return this stream
     */
    public LlmStream chunk() {
        tracker.chunk();
        return this;
    }

    /**
     * Adds input and output tokens (as reported by the chunk that carries usage).
     *
     * @param inputTokens prompt tokens, cached ones included
     * @param outputTokens completion tokens, reasoning ones included
     * @return this stream
     */
    public LlmStream usage(long inputTokens, long outputTokens) {
        call.usage(inputTokens, outputTokens);
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
     * @return this stream
     */
    public LlmStream usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                           long reasoningTokens) {
        call.usage(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens);
        return this;
    }

    /**
     * @param reasons why the model stopped, one per choice
     * @return this stream
     */
    public LlmStream finishReasons(String... reasons) {
        call.finishReasons(reasons);
        return this;
    }

    /**
     * @param model the model that actually answered, when the provider reports it
     * @return this stream
     */
    public LlmStream responseModel(String model) {
        call.responseModel(model);
        return this;
    }

    /**
     * Captures the completion — kept only when content capture is on; masked and bounded first.
     * Each call replaces the previous text, so pass the text accumulated so far.
     *
     * @param content the completion text
     * @return this stream
     */
    public LlmStream output(String content) {
        call.output(content);
        return this;
    }

    /**
     * Sets a span attribute; {@code null} keys or values are ignored.
     *
     * @param key the attribute name
     * @param value a string, number, boolean or list of those
     * @return this stream
     */
    public LlmStream attribute(@Nullable String key, @Nullable Object value) {
        call.attribute(key, value);
        return this;
    }

    /** Ends the call: the stream delivered its last chunk (OK). */
    public void complete() {
        tracker.end(null);
    }

    /**
     * Ends the call with status ERROR and {@code error} — CANCELLED for a
     * {@code java.util.concurrent.CancellationException} — and returns the same instance, so that
     * {@code throw s.fail(e)} works.
     *
     * @param error what went wrong; returned as is ({@code null} is ignored and returned)
     * @param <T> the exception's type
     * @return {@code error}
     */
    public <T extends Throwable> @Nullable T fail(@Nullable T error) {
        if (error != null) tracker.end(error);
        return error;
    }

    /** Ends the call with status CANCELLED (the answer was abandoned), keeping the usage recorded so far. */
    public void cancel() {
        tracker.cancel();
    }

    /** @return whether the call has ended */
    public boolean isEnded() {
        return tracker.isEnded();
    }

    /** @return the span's scope id */
    public String id() {
        return call.id();
    }

    /** @return whether the call records anything ({@code false} when disabled or sampled out) */
    public boolean isRecording() {
        return call.isRecording();
    }

    /**
     * Ends the call if nothing ended it yet: OK, with the chunks that arrived (a consumer that stops
     * reading early is a normal end). Idempotent.
     */
    @Override
    public void close() {
        tracker.end(null);
    }

    /**
     * Wraps {@code chunks} so that reading it records the stream: every chunk is counted and handed
     * to {@code onChunk} before it is returned; {@code hasNext() == false} completes the call; an
     * exception from {@code hasNext()}, {@code next()} or {@code onChunk} fails it and is rethrown
     * unchanged. An iterator left unfinished ends when this stream is {@linkplain #close() closed}.
     *
     * @param chunks the SDK's chunks
     * @param onChunk records what a chunk carries, e.g. usage; {@code null} for nothing
     * @param <T> the chunk type
     * @return the traced iterator, or {@code chunks} itself when the call is not recorded
     */
    public <T> Iterator<T> wrap(Iterator<T> chunks, @Nullable Consumer<? super T> onChunk) {
        if (!call.isRecording() || chunks == null) return chunks;
        return new TracedIterator<>(this, chunks, onChunk);
    }

    /**
     * Wraps {@code chunks} (read sequentially) so that reading it records the stream, as
     * {@link #wrap(Iterator, Consumer)} does; closing the returned stream closes {@code chunks} and
     * then this call, so try-with-resources on the stream ends the span.
     *
     * @param chunks the SDK's chunks
     * @param onChunk records what a chunk carries, e.g. usage; {@code null} for nothing
     * @param <T> the chunk type
     * @return the traced stream, or {@code chunks} itself when the call is not recorded
     */
    public <T> Stream<T> wrap(Stream<T> chunks, @Nullable Consumer<? super T> onChunk) {
        if (!call.isRecording() || chunks == null) return chunks;
        Iterator<T> traced = new TracedIterator<>(this, chunks.iterator(), onChunk);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(traced, Spliterator.ORDERED), false)
            .onClose(chunks::close)
            .onClose(this::close);
    }

    @Override
    public String toString() {
        return "LlmStream(" + call.asLlmScope() + ")";
    }
}
