package dev.spanwise.tracing.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spanwise.tracing.exporters.Exporters;
import dev.spanwise.tracing.exporters.InMemoryExporter;
import dev.spanwise.tracing.model.SpanData;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** {@code Spanwise.builder()}: every setting, and invalid ones failing in {@code build()} by name and value. */
class SpanwiseBuilderTest {

    @Test
    void builderSettingsReachEverySpan() {
        InMemoryExporter spans = Exporters.inMemory();
        try (Spanwise sw = Spanwise.builder()
                .serviceName("support-bot")
                .serviceVersion("1.4.2")
                .environment("staging")
                .exporter(spans)
                .globalAttribute("region", "eu-west-1")
                .globalAttributes(Map.of("team", "agents"))
                .queueCapacity(100)
                .maxBatchSize(10)
                .maxBufferedBytes(1_000_000)
                .flushInterval(Duration.ofMillis(100))
                .exportTimeout(Duration.ofSeconds(2))
                .shutdownTimeout(Duration.ofSeconds(3))
                .flushTimeout(Duration.ofSeconds(3))
                .build()) {
            sw.scope("agent").start().close();
            sw.flush().join();

            SpanData span = spans.single("agent");
            assertEquals("support-bot", span.getResource().getServiceName());
            assertEquals("1.4.2", span.getResource().getServiceVersion());
            assertEquals("staging", span.getResource().getEnvironment());
            assertEquals("eu-west-1", span.getAttributes().get("region"));
            assertEquals("agents", span.getAttributes().get("team"));
        }
    }

    @Test
    void modelPricingGivesLlmSpansACostWithCacheDiscount() {
        try (Fixture f = new Fixture(Spanwise.builder()
                .modelPricing("gpt-4o", ModelPricing.perMillionTokens(2.50, 10.00).cacheRead(1.25))
                .modelPricing("claude-sonnet-4", ModelPricing.perMillionTokens(3.00, 15.00, 0.30, 3.75)))) {
            f.sw.llm("openai").model("gpt-4o").start().usage(1_000_000, 100_000).cacheReadTokens(400_000).close();
            f.sw.llm("anthropic").model("anthropic/claude-sonnet-4-20250514").start()
                .usage(2_000_000, 0, 1_000_000, 500_000, 0).close();
            f.sw.llm("unpriced").model("mystery-model").start().usage(10, 10).close();

            // (1M - 0.4M) x 2.50 + 0.4M x 1.25 + 0.1M x 10.00 = 1.5 + 0.5 + 1.0
            assertEquals(3.0, f.span("openai").getLlm().getCostUsd(), 1e-9);
            // (2M - 1M - 0.5M) x 3.00 + 1M x 0.30 + 0.5M x 3.75 = 1.5 + 0.3 + 1.875; found by normalised name
            assertEquals(3.675, f.span("anthropic").getLlm().getCostUsd(), 1e-9);
            assertNull(f.span("unpriced").getLlm().getCostUsd());
        }
    }

    @Test
    void attributeLimitsAreApplied() {
        try (Fixture f = new Fixture(Spanwise.builder().maxAttributes(2).maxAttributeValueLength(5))) {
            try (ScopeHandle s = f.sw.scope("short").start()) {
                s.attribute("a", "0123456789").attribute("b", 1).attribute("c", 2);
            }
            SpanData span = f.span("short");
            assertEquals("01234", span.getAttributes().get("a"));
            assertNull(span.getAttributes().get("c"));
            assertEquals(1, span.getDroppedAttributes());
        }
    }

    @Test
    void contentIsCapturedOnlyWhenEnabledAndMaskedFirst() {
        try (Fixture off = new Fixture();
             Fixture on = new Fixture(Spanwise.builder().captureContent(true)
                 .contentMask(text -> text.replaceAll("[\\w.]+@[\\w.]+", "<email>")))) {
            off.sw.llm("call").start().input("mail bob@example.com").output("ok").close();
            on.sw.llm("call").start().input("mail bob@example.com").output("ok").close();

            assertNull(off.span("call").getLlm().getInput());
            assertEquals("mail <email>", on.span("call").getLlm().getInput());
            assertEquals("ok", on.span("call").getLlm().getOutput());
        }
    }

    @Test
    void sampleRateZeroKeepsNoTraceButStillPropagates() {
        try (Fixture f = new Fixture(Spanwise.builder().sampleRate(0.0))) {
            try (ScopeHandle s = f.sw.scope("sampled-out").start()) {
                assertFalse(s.isRecording());
                assertTrue(s.headers().get("traceparent").endsWith("-00"), "not-sampled flag is sent on");
            }
            assertTrue(f.exported().isEmpty());
        }
    }

    @Test
    void disabledInstanceRecordsNothingAndHandsOutSharedNoOps() throws Exception {
        InMemoryExporter spans = Exporters.inMemory();
        try (Spanwise sw = Spanwise.builder().enabled(false).exporter(spans).build()) {
            assertFalse(sw.isEnabled());
            assertTrue(sw.scope("a") == sw.scope("b"), "one shared builder, nothing allocated per call");
            String answer = sw.traced("agent", scope -> {
                assertEquals("", scope.id());
                assertTrue(scope.headers().isEmpty());
                return sw.llm("call").model("gpt-4o").call(call -> {
                    call.usage(10, 5);
                    return "answer";
                });
            });
            assertEquals("answer", answer);
            Runnable task = () -> { };
            assertTrue(sw.wrap(task) == task, "no wrapper when disabled");
            assertEquals(0, sw.flush().get().getExported());
            assertTrue(spans.getSpans().isEmpty());
        }
    }

    @Test
    void invalidSettingsFailInBuildNamingTheValue() {
        assertBuildFails(b -> b.serviceName(" "), "serviceName must not be blank, was ' '");
        assertBuildFails(b -> b.serviceName(null), "serviceName must not be null");
        assertBuildFails(b -> b.sampleRate(1.5), "sampleRate must be within [0, 1], was 1.5");
        assertBuildFails(b -> b.sampleRate(Double.NaN), "sampleRate must be within [0, 1], was NaN");
        assertBuildFails(b -> b.queueCapacity(0), "queueCapacity must be positive, was 0");
        assertBuildFails(b -> b.maxBatchSize(-3), "maxBatchSize must be positive, was -3");
        assertBuildFails(b -> b.maxBufferedBytes(0), "maxBufferedBytes must be positive, was 0");
        assertBuildFails(b -> b.flushInterval(Duration.ofSeconds(-1)), "flushInterval must be positive, was -1s");
        assertBuildFails(b -> b.exportTimeout(Duration.ZERO), "exportTimeout must be positive, was 0s");
        assertBuildFails(b -> b.shutdownTimeout(null), "shutdownTimeout must not be null");
        assertBuildFails(b -> b.maxAttributes(0), "maxAttributes must be positive, was 0");
        assertBuildFails(b -> b.maxContentBytes(-1), "maxContentBytes must be positive, was -1");
        assertBuildFails(b -> b.globalAttribute("", 1), "globalAttribute key must not be empty, was ''");
        assertBuildFails(b -> b.flushTimeout(Duration.ZERO), "flushTimeout must be positive, was PT0S");
        assertBuildFails(b -> b.exporter((JavaSpanExporter) null), "exporter #1 must not be null");
        assertBuildFails(b -> b.modelPricing("gpt-4o", ModelPricing.perMillionTokens(-2.5, 10)),
            "model('gpt-4o') input price must be a finite, non-negative number, was -2.5");
        assertBuildFails(b -> b.modelPricing("gpt-4o", ModelPricing.perMillionTokens(2.5, 10).cacheRead(Double.NaN)),
            "model('gpt-4o') cacheRead price must be a finite, non-negative number, was NaN");
        assertBuildFails(b -> b.modelPricing("", ModelPricing.perMillionTokens(1, 1)),
            "model name must not be blank, was ''");
    }

    private static void assertBuildFails(UnaryOperator<SpanwiseBuilder> setting, String message) {
        SpanwiseBuilder builder = setting.apply(Spanwise.builder());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertEquals(message, e.getMessage());
    }

    @Test
    void wrapsATracingBuiltWithTheKotlinApi() {
        Spanwise sw = Spanwise.of(null);
        assertNotNull(sw.tracing());
        assertFalse(sw.isEnabled());
        sw.close();
    }
}
