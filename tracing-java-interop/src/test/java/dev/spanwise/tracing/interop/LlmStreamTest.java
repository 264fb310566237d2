package dev.spanwise.tracing.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spanwise.tracing.model.SpanData;
import dev.spanwise.tracing.model.SpanStatus;
import dev.spanwise.tracing.model.TokenUsage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Streamed LLM calls from Java: the callback form, the iterator wrapper and the stream wrapper. */
class LlmStreamTest {

    /** A chunk of a streamed answer; the last one carries usage and the finish reason. */
    static final class Chunk {
        final String text;
        final long inputTokens;
        final long outputTokens;
        final String finish;

        Chunk(String text) {
            this(text, 0, 0, null);
        }

        Chunk(String text, long inputTokens, long outputTokens, String finish) {
            this.text = text;
            this.inputTokens = inputTokens;
            this.outputTokens = outputTokens;
            this.finish = finish;
        }
    }

    private static List<Chunk> answer() {
        return List.of(new Chunk("Hel"), new Chunk("lo"), new Chunk("!", 120, 40, "stop"));
    }

    private static void record(LlmStream s, Chunk c) {
        if (c.finish != null) s.usage(c.inputTokens, c.outputTokens).finishReasons(c.finish);
    }

    private static Object attr(SpanData span, String key) {
        return span.getAttributes().get(key);
    }

    @Test
    void callbackFormRecordsTimeToFirstChunkChunksUsageAndFinishReasons() throws Exception {
        try (Fixture f = new Fixture()) {
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                LlmStream s = agent.llmStream("answer", "openai", "gpt-4o");
                // An SDK pushing chunks to a listener on its own thread.
                Thread sdk = new Thread(() -> {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    for (Chunk c : answer()) {
                        s.chunk();
                        record(s, c);
                    }
                    s.complete();
                });
                sdk.start();
                sdk.join();
                assertTrue(s.isEnded());
            }
            SpanData span = f.span("answer");
            assertEquals(f.span("agent").getSpanId(), span.getParentSpanId());
            assertEquals(SpanStatus.OK, span.getStatus());
            assertEquals(true, attr(span, "gen_ai.request.stream"));
            assertEquals(3L, attr(span, "spanwise.stream.chunks"));
            double ttft = (Double) attr(span, "gen_ai.response.time_to_first_chunk");
            assertTrue(ttft >= 0.05 && ttft <= span.getDurationNanos() / 1e9, "ttft " + ttft);
            assertEquals(new TokenUsage(120, 40, 0, 0, 0), span.getLlm().getUsage());
            assertEquals(List.of("stop"), span.getLlm().getFinishReasons());
            assertEquals("gpt-4o", span.getLlm().getRequestModel());
        }
    }

    @Test
    void callbackFormFailsCancelsAndKeepsPartialUsage() {
        try (Fixture f = new Fixture()) {
            IllegalStateException boom = new IllegalStateException("connection reset");
            LlmStream failed = f.sw.llmStream("failed", "openai", "gpt-4o");
            failed.chunk();
            assertSame(boom, failed.fail(boom));
            failed.complete(); // ignored: the first end counts

            LlmStream cancelled = f.sw.llmStream("cancelled", "openai", "gpt-4o");
            cancelled.chunk().usage(300, 0);
            cancelled.cancel();

            LlmStream interrupted = f.sw.llmStream("interrupted", "openai", "gpt-4o");
            interrupted.fail(new CancellationException("user left"));

            SpanData f1 = f.span("failed");
            assertEquals(SpanStatus.ERROR, f1.getStatus());
            assertEquals("connection reset", f1.getError().getMessage());
            assertEquals(1L, attr(f1, "spanwise.stream.chunks"));
            SpanData c = f.span("cancelled");
            assertEquals(SpanStatus.CANCELLED, c.getStatus());
            assertEquals(300, c.getLlm().getUsage().getInputTokens());
            assertEquals(SpanStatus.CANCELLED, f.span("interrupted").getStatus());
            assertNull(f.span("interrupted").getError());
        }
    }

    @Test
    void anExhaustedIteratorCompletesTheCall() {
        try (Fixture f = new Fixture()) {
            StringBuilder text = new StringBuilder();
            LlmStream s = f.sw.llmStream("answer", "openai", "gpt-4o");
            Iterator<Chunk> chunks = s.wrap(answer().iterator(), c -> record(s, c));
            while (chunks.hasNext()) text.append(chunks.next().text);
            assertTrue(s.isEnded());
            assertEquals("Hello!", text.toString());
            SpanData span = f.span("answer");
            assertEquals(SpanStatus.OK, span.getStatus());
            assertEquals(3L, attr(span, "spanwise.stream.chunks"));
            assertEquals(40, span.getLlm().getUsage().getOutputTokens());
        }
    }

    @Test
    void aFailingNextEndsTheCallErrorAndRethrowsTheSameException() {
        try (Fixture f = new Fixture()) {
            IllegalStateException boom = new IllegalStateException("stream broke");
            Iterator<Chunk> source = new Iterator<>() {
                int n;

                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public Chunk next() {
                    if (n++ == 2) throw boom;
                    return new Chunk("c" + n);
                }
            };
            LlmStream s = f.sw.llmStream("answer", "openai", "gpt-4o");
            Iterator<Chunk> chunks = s.wrap(source, null);
            List<String> seen = new ArrayList<>();
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> {
                while (chunks.hasNext()) seen.add(chunks.next().text);
            });
            assertSame(boom, thrown);
            assertEquals(List.of("c1", "c2"), seen);
            s.close(); // the usual try-with-resources close afterwards changes nothing
            SpanData span = f.span("answer");
            assertEquals(SpanStatus.ERROR, span.getStatus());
            assertEquals(IllegalStateException.class.getName(), span.getError().getType());
            assertEquals(2L, attr(span, "spanwise.stream.chunks"));
        }
    }

    @Test
    void anIteratorAbandonedEarlyEndsOkWhenTheStreamIsClosed() {
        try (Fixture f = new Fixture()) {
            try (LlmStream s = f.sw.llmStream("answer", "openai", "gpt-4o")) {
                Iterator<Chunk> chunks = s.wrap(answer().iterator(), c -> record(s, c));
                assertEquals("Hel", chunks.next().text);
                assertFalse(s.isEnded());
            }
            SpanData span = f.span("answer");
            assertEquals(SpanStatus.OK, span.getStatus());
            assertEquals(1L, attr(span, "spanwise.stream.chunks"));
            assertTrue(span.getLlm().getUsage().isEmpty());
        }
    }

    @Test
    void aWrappedStreamClosedByTryWithResourcesEndsTheCallAndClosesTheSource() {
        try (Fixture f = new Fixture()) {
            AtomicBoolean sourceClosed = new AtomicBoolean();
            String firstTwo;
            try (LlmStream s = f.sw.llmStream("answer", "openai", "gpt-4o");
                 Stream<Chunk> chunks = s.wrap(answer().stream().onClose(() -> sourceClosed.set(true)), c -> record(s, c))) {
                firstTwo = chunks.limit(2).map(c -> c.text).collect(Collectors.joining());
                assertFalse(s.isEnded());
            }
            assertEquals("Hello", firstTwo);
            assertTrue(sourceClosed.get());
            SpanData span = f.span("answer");
            assertEquals(SpanStatus.OK, span.getStatus());
            assertEquals(2L, attr(span, "spanwise.stream.chunks"));

            LlmStream whole = f.sw.llmStream("whole", "openai", "gpt-4o");
            try (Stream<Chunk> chunks = whole.wrap(answer().stream(), c -> record(whole, c))) {
                assertEquals(3, chunks.count());
            }
            SpanData all = f.span("whole");
            assertEquals(3L, attr(all, "spanwise.stream.chunks"));
            assertEquals(120, all.getLlm().getUsage().getInputTokens());
        }
    }

    @Test
    void aFailingStreamEndsTheCallError() {
        try (Fixture f = new Fixture()) {
            IllegalArgumentException bad = new IllegalArgumentException("bad chunk");
            LlmStream s = f.sw.llmStream("answer", "openai", "gpt-4o");
            try (Stream<Chunk> chunks = s.wrap(answer().stream(), c -> {
                if (c.text.equals("lo")) throw bad;
            })) {
                assertSame(bad, assertThrows(IllegalArgumentException.class, () -> chunks.forEach(c -> { })));
            }
            SpanData span = f.span("answer");
            assertEquals(SpanStatus.ERROR, span.getStatus());
            assertEquals("bad chunk", span.getError().getMessage());
        }
    }

    @Test
    void whenNothingIsRecordedTheWrappersReturnWhatTheyWereGiven() {
        try (Fixture f = new Fixture(Spanwise.builder().enabled(false))) {
            LlmStream s = f.sw.llmStream("answer", "openai", "gpt-4o");
            Iterator<Chunk> source = answer().iterator();
            assertSame(source, s.wrap(source, c -> { throw new NoSuchElementException(); }));
            Stream<Chunk> stream = answer().stream();
            assertSame(stream, s.wrap(stream, null));
            assertFalse(s.isRecording());
            s.chunk().usage(1, 1);
            s.complete();
            assertTrue(f.exported().isEmpty());
        }
    }
}
