package dev.spanwise.tracing.interop;

import dev.spanwise.tracing.scope.CompletedLlmCall;
import dev.spanwise.tracing.model.TokenUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An LLM call the caller timed itself, recorded after the fact with
 * {@link Spanwise#recordSpan(ScopeHandle, LlmSpanRecord)} or, when it failed,
 * {@link Spanwise#recordError(ScopeHandle, LlmSpanRecord, Throwable)}.
 *
 * <pre>{@code
 * Instant started = Instant.now();
 * Reply r = client.chat(prompt);
 * sw.recordSpan(scope, LlmSpanRecord.builder()
 *     .name("answer").provider("openai").model("gpt-4o")
 *     .startedAt(started).endedAt(Instant.now())
 *     .inputTokens(r.inputTokens()).outputTokens(r.outputTokens()).cacheReadTokens(r.cachedTokens())
 *     .build());
 * }</pre>
 *
 * Immutable. Missing times default to "now" (a zero-length span); an end before the start is
 * recorded as a zero-length span.
 */
public final class LlmSpanRecord {
    private final CompletedLlmCall span;

    private LlmSpanRecord(CompletedLlmCall span) {
        this.span = span;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the span name */
    public String name() {
        return span.getName();
    }

    /** @return the same record in core's shape */
    public CompletedLlmCall asLlmSpan() {
        return span;
    }

    @Override
    public String toString() {
        return "LlmSpanRecord(" + span + ")";
    }

    /** Builds an {@link LlmSpanRecord}; no method throws. */
    public static final class Builder {
        private String name = "llm";
        private String provider;
        private String model;
        private String responseModel;
        private String operation = "chat";
        private Instant startedAt;
        private Instant endedAt;
        private Duration duration;
        private long inputTokens;
        private long outputTokens;
        private long cacheReadTokens;
        private long cacheWriteTokens;
        private long reasoningTokens;
        private List<String> finishReasons = Collections.emptyList();
        private String input;
        private String output;
        private final Map<String, Object> attributes = new LinkedHashMap<>();

        private Builder() {
        }

        /** @param name the span name (default {@code llm}) @return this builder */
        public Builder name(String name) {
            if (name != null) this.name = name;
            return this;
        }

        /** @param provider e.g. {@code openai} @return this builder */
        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        /** @param model the model asked for @return this builder */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** @param responseModel the model that answered @return this builder */
        public Builder responseModel(String responseModel) {
            this.responseModel = responseModel;
            return this;
        }

        /** @param operation {@code chat} (default), {@code text_completion}, {@code embeddings}, … @return this builder */
        public Builder operation(String operation) {
            if (operation != null) this.operation = operation;
            return this;
        }

        /** @param startedAt when the call started @return this builder */
        public Builder startedAt(Instant startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        /** @param endedAt when the call ended @return this builder */
        public Builder endedAt(Instant endedAt) {
            this.endedAt = endedAt;
            return this;
        }

        /** @param duration how long the call took, when only the start or the end is given @return this builder */
        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        /** @param tokens prompt tokens, cached ones included @return this builder */
        public Builder inputTokens(long tokens) {
            this.inputTokens = tokens;
            return this;
        }

        /** @param tokens completion tokens, reasoning ones included @return this builder */
        public Builder outputTokens(long tokens) {
            this.outputTokens = tokens;
            return this;
        }

        /** @param tokens prompt tokens read from the prompt cache @return this builder */
        public Builder cacheReadTokens(long tokens) {
            this.cacheReadTokens = tokens;
            return this;
        }

        /** @param tokens prompt tokens written to the prompt cache @return this builder */
        public Builder cacheWriteTokens(long tokens) {
            this.cacheWriteTokens = tokens;
            return this;
        }

        /** @param tokens completion tokens spent on reasoning @return this builder */
        public Builder reasoningTokens(long tokens) {
            this.reasoningTokens = tokens;
            return this;
        }

        /** @param reasons why the model stopped, one per choice @return this builder */
        public Builder finishReasons(String... reasons) {
            List<String> list = new ArrayList<>();
            if (reasons != null) for (String r : Arrays.asList(reasons)) if (r != null) list.add(r);
            this.finishReasons = list;
            return this;
        }

        /** @param content the prompt (kept only when content capture is on) @return this builder */
        public Builder input(String content) {
            this.input = content;
            return this;
        }

        /** @param content the completion (kept only when content capture is on) @return this builder */
        public Builder output(String content) {
            this.output = content;
            return this;
        }

        /** @param key attribute name ({@code null} ignored) @param value its value @return this builder */
        public Builder attribute(@Nullable String key, @Nullable Object value) {
            if (key != null) attributes.put(key, value);
            return this;
        }

        /** @return the record */
        public LlmSpanRecord build() {
            Instant start = startedAt;
            Instant end = endedAt;
            Duration d = duration != null && !duration.isNegative() ? duration : null;
            if (start == null && end == null) end = Instant.now();
            if (start == null) start = d != null ? end.minus(d) : end;
            if (end == null) end = d != null ? start.plus(d) : start;
            TokenUsage usage = new TokenUsage(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens);
            return new LlmSpanRecord(new CompletedLlmCall(name, start, end, provider, model, responseModel, operation, usage,
                finishReasons, input, output, new LinkedHashMap<>(attributes)));
        }
    }
}
