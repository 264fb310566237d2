package dev.spanwise.tracing.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.RateLimitException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.RawMessageStreamEvent;
import dev.spanwise.tracing.interop.ScopeHandle;
import dev.spanwise.tracing.interop.Spanwise;
import dev.spanwise.tracing.model.SpanData;
import dev.spanwise.tracing.model.SpanStatus;
import dev.spanwise.tracing.test.TraceCapture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Java entry points: one line to turn tracing on, and nesting under a Java {@code ScopeHandle}. */
class SpanwiseAnthropicJavaTest {
    private final FakeAnthropic server = new FakeAnthropic();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void wrappedClientCallNestsUnderTheJavaScope() {
        try (TraceCapture capture = AnthropicTestKitKt.capture(false)) {
            Spanwise spanwise = Spanwise.of(capture.tracing());
            AnthropicClient client = SpanwiseAnthropic.wrap(AnthropicTestKitKt.sdkClient(server), spanwise.tracing());
            try (ScopeHandle agent = spanwise.scope("agent").start()) {
                Message message = client.messages().create(AnthropicTestKitKt.params(Scenario.TEXT, b -> null));
                assertEquals("msg_01TEXT", message.id());
            }
            capture.assertThat(AnthropicTestKitKt.llmSpan(capture))
                    .isLlmCall().isUnder("agent").isOk()
                    .hasInputTokens(160).hasOutputTokens(20).hasCacheReadTokens(50);
        }
    }

    @Test
    void streamReadWithForEachEndsOkAndClosingTwiceIsHarmless() {
        try (TraceCapture capture = AnthropicTestKitKt.capture(false)) {
            AnthropicClient client = SpanwiseAnthropic.wrap(AnthropicTestKitKt.sdkClient(server), capture.tracing());
            int events = 0;
            try (StreamResponse<RawMessageStreamEvent> stream =
                         client.messages().createStreaming(AnthropicTestKitKt.params(Scenario.STREAM, b -> null))) {
                for (RawMessageStreamEvent ignored : stream) events++;
                stream.close();
            }
            assertEquals(12, events);
            SpanData span = AnthropicTestKitKt.llmSpan(capture);
            assertEquals(SpanStatus.OK, span.getStatus());
            assertEquals(42L, span.getLlm().getUsage().getOutputTokens());
        }
    }

    @Test
    void asyncClientFromJavaKeepsTheParentAndTheErrorReachesTheCaller() throws Exception {
        try (TraceCapture capture = AnthropicTestKitKt.capture(false)) {
            Spanwise spanwise = Spanwise.of(capture.tracing());
            AnthropicClientAsync client =
                    SpanwiseAnthropic.wrap(AnthropicTestKitKt.sdkAsyncClient(server), spanwise.tracing());
            CompletableFuture<Message> ok;
            CompletableFuture<Message> limited;
            try (ScopeHandle agent = spanwise.scope("agent").start()) {
                ok = client.messages().create(AnthropicTestKitKt.params(Scenario.TEXT, b -> null));
                limited = client.messages().create(AnthropicTestKitKt.params(Scenario.error(429), b -> null));
            }
            assertEquals("msg_01TEXT", ok.get(10, TimeUnit.SECONDS).id());
            Exception failure = assertThrows(Exception.class, () -> limited.get(10, TimeUnit.SECONDS));
            assertTrue(failure.getCause() instanceof RateLimitException);
            for (SpanData span : capture.spans()) {
                if (span.getLlm() != null) capture.assertThat(span).isUnder("agent");
            }
            assertEquals(2, capture.spans().stream().filter(s -> s.getLlm() != null).count());
        }
    }

    @Test
    void wrappingIsIdempotentAndTheSyncAndAsyncViewsStayTraced() {
        try (TraceCapture capture = AnthropicTestKitKt.capture(false)) {
            AnthropicClient plain = AnthropicTestKitKt.sdkClient(server);
            AnthropicClient once = SpanwiseAnthropic.wrap(plain, capture.tracing());
            AnthropicClient twice = SpanwiseAnthropic.wrap(once, capture.tracing());
            assertFalse(once == plain);
            twice.messages().create(AnthropicTestKitKt.params(Scenario.TEXT, b -> null));
            twice.async().sync().messages().create(AnthropicTestKitKt.params(Scenario.TEXT, b -> null));
            assertEquals(2, capture.spans().size());
            assertSame(plain.options(), once.options());
        }
    }
}
