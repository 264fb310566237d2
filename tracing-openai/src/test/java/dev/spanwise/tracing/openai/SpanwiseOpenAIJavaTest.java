package dev.spanwise.tracing.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.ClientOptions;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import dev.spanwise.tracing.interop.ScopeHandle;
import dev.spanwise.tracing.interop.Spanwise;
import dev.spanwise.tracing.model.SpanStatus;
import dev.spanwise.tracing.test.TraceCapture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpanwiseOpenAIJavaTest {
    private final FakeOpenAI server = new FakeOpenAI();
    private final TraceCapture capture = TestSupportKt.capture();
    private final Spanwise spanwise = Spanwise.of(capture.tracing());

    @AfterEach
    void close() {
        capture.close();
        server.close();
    }

    @Test
    void oneLineWrapsTheClientAndCallsNestUnderAScopeHandle() {
        OpenAIClient client = SpanwiseOpenAI.wrap(server.client(), spanwise.tracing());

        try (ScopeHandle agent = spanwise.scope("agent").start()) {
            ChatCompletion completion = client.chat().completions().create(TestSupportKt.chatParams(null, false));
            assertEquals("chatcmpl-abc123", completion.id());
        }

        capture.assertThat("chat gpt-4o-mini").isLlmCall().isUnder("agent").hasInputTokens(120).hasOutputTokens(40)
                .hasCacheReadTokens(100).hasReasoningTokens(12).hasCost(TestSupportKt.EXPECTED_COST);
        assertEquals(SpanwiseOpenAI.PROVIDER, capture.span("chat gpt-4o-mini").getLlm().getProvider());
    }

    @Test
    void aStreamReadInTryWithResourcesIsOneSpan() {
        OpenAIClient client = SpanwiseOpenAI.wrap(server.client(), spanwise.tracing());

        try (ScopeHandle agent = spanwise.scope("agent").start();
                StreamResponse<ChatCompletionChunk> stream =
                        client.chat().completions().createStreaming(TestSupportKt.chatParams(null, true))) {
            stream.stream().forEach(chunk -> { });
        }

        capture.assertThat("chat gpt-4o-mini").isUnder("agent").isOk().hasOutputTokens(40)
                .hasAttribute(StreamingKeys.CHUNKS, 7L);
    }

    @Test
    void anAsyncCallIsAChildOfTheScopeOpenWhenItWasMade() throws Exception {
        OpenAIClientAsync client = SpanwiseOpenAI.wrap(server.asyncClient(), spanwise.tracing());

        CompletableFuture<ChatCompletion> future;
        try (ScopeHandle agent = spanwise.scope("agent").start()) {
            future = client.chat().completions().create(TestSupportKt.chatParams(null, false));
        }
        future.get(10, TimeUnit.SECONDS);

        capture.assertThat("chat gpt-4o-mini").isUnder("agent").isOk();
    }

    @Test
    void theCallerSeesTheSdksExceptionInstance() {
        OpenAIIoException failure = new OpenAIIoException("network down", null);
        OpenAIClient plain = new OpenAIClientImpl(
                ClientOptions.builder().httpClient(new FailingTransport(failure)).apiKey("k").maxRetries(0).build());
        OpenAIClient client = SpanwiseOpenAI.wrap(plain, spanwise.tracing());

        OpenAIIoException thrown = assertThrows(OpenAIIoException.class,
                () -> client.chat().completions().create(TestSupportKt.chatParams(null, false)));

        assertSame(failure, thrown);
        capture.assertThat("chat gpt-4o-mini").hasStatus(SpanStatus.ERROR).failedWith(OpenAIIoException.class);
    }

    @Test
    void anApiErrorCarriesOpenAIsErrorFields() {
        OpenAIClient client = SpanwiseOpenAI.wrap(server.client(), spanwise.tracing());

        assertThrows(RateLimitException.class,
                () -> client.chat().completions().create(TestSupportKt.chatParams("error-429", false)));

        capture.assertThat("chat gpt-4o-mini").hasStatus(SpanStatus.ERROR)
                .hasAttribute(OpenAIAttributes.HTTP_STATUS_CODE, 429L)
                .hasAttribute(OpenAIAttributes.PROVIDER_ERROR_TYPE, "requests")
                .hasAttribute(OpenAIAttributes.PROVIDER_ERROR_CODE, "rate_limit_exceeded");
    }
}
