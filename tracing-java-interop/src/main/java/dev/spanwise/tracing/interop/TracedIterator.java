package dev.spanwise.tracing.interop;

import java.util.Iterator;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The iterator of {@link LlmStream#wrap}: counts and inspects each chunk it returns, completes the
 * call at exhaustion and fails it on an exception, which it rethrows unchanged.
 */
final class TracedIterator<T> implements Iterator<T> {
    private final LlmStream stream;
    private final Iterator<T> delegate;
    private final @Nullable Consumer<? super T> onChunk;

    TracedIterator(LlmStream stream, Iterator<T> delegate, @Nullable Consumer<? super T> onChunk) {
        this.stream = stream;
        this.delegate = delegate;
        this.onChunk = onChunk;
    }

    @Override
    public boolean hasNext() {
        boolean more;
        try {
            more = delegate.hasNext();
        } catch (RuntimeException e) {
            stream.fail(e);
            throw e;
        } catch (Error e) {
            stream.fail(e);
            throw e;
        }
        if (!more) stream.complete();
        return more;
    }

    @Override
    public T next() {
        T chunk;
        try {
            chunk = delegate.next();
            stream.chunk();
            if (onChunk != null) onChunk.accept(chunk);
        } catch (RuntimeException e) {
            stream.fail(e);
            throw e;
        } catch (Error e) {
            stream.fail(e);
            throw e;
        }
        return chunk;
    }

    @Override
    public void remove() {
        delegate.remove();
    }
}
