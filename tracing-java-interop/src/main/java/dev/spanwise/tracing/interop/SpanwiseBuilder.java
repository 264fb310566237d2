package dev.spanwise.tracing.interop;

import dev.spanwise.tracing.model.AttributeLimits;
import dev.spanwise.tracing.model.ContentMask;
import dev.spanwise.tracing.Tracing;
import dev.spanwise.tracing.config.TracingConfig;
import dev.spanwise.tracing.config.EnvironmentConfig;
import dev.spanwise.tracing.exporters.Exporters;
import dev.spanwise.tracing.export.SpanExporter;
import dev.spanwise.tracing.interop.internal.JavaExporterAdapter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link Spanwise}. Every setter returns this builder; nothing is checked until
 * {@link #build()}, which fails with an {@link IllegalArgumentException} naming the setting and the
 * offending value.
 *
 * <pre>{@code
 * Spanwise sw = Spanwise.builder()
 *     .serviceName("support-bot")
 *     .environment("production")
 *     .otlpEndpoint("http://collector:4318")            // and/or console(), zipkin(…), tracentic(), …
 *     .header("x-team", "agents")
 *     .modelPricing("gpt-4o", ModelPricing.perMillionTokens(2.50, 10.00).cacheRead(1.25))
 *     .globalAttribute("region", "eu-west-1")
 *     .flushInterval(Duration.ofSeconds(2))
 *     .build();
 * }</pre>
 *
 * Exporters added here each get their own queue, so a slow destination never delays another.
 * With none, spans are not exported (said once at INFO).
 */
public final class SpanwiseBuilder {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    // applied in order onto a fresh TracingConfig in build(), above the environment's settings
    private final List<Consumer<TracingConfig>> settings = new ArrayList<>();
    private final ExporterChoices exporters = new ExporterChoices();
    private boolean fromEnvironment;
    private Duration shutdownTimeout = DEFAULT_TIMEOUT;
    private Duration flushTimeout = DEFAULT_TIMEOUT;

    SpanwiseBuilder() {
    }

    /** @param serviceName {@code service.name} of every span (required non-blank) @return this builder */
    public SpanwiseBuilder serviceName(String serviceName) {
        settings.add(c -> c.setServiceName(notNull("serviceName", serviceName)));
        return this;
    }

    /** @param serviceVersion {@code service.version}: your application's version @return this builder */
    public SpanwiseBuilder serviceVersion(String serviceVersion) {
        settings.add(c -> c.setServiceVersion(serviceVersion));
        return this;
    }

    /** @param environment {@code deployment.environment}, e.g. {@code production} @return this builder */
    public SpanwiseBuilder environment(String environment) {
        settings.add(c -> c.setEnvironment(environment));
        return this;
    }

    /**
     * @param enabled {@code false} turns every call into a no-op that allocates nothing
     * @return this builder
     */
    public SpanwiseBuilder enabled(boolean enabled) {
        settings.add(c -> c.setEnabled(enabled));
        return this;
    }

    /** Adds the console exporter: a readable tree per trace on standard output. @return this builder */
    public SpanwiseBuilder console() {
        exporters.add(Exporters.console());
        return this;
    }

    /**
     * Adds a destination built by core's {@code Exporters} (e.g. {@code Exporters.inMemory()} for tests).
     *
     * @param exporter the exporter
     * @return this builder
     */
    public SpanwiseBuilder exporter(SpanExporter exporter) {
        exporters.add(exporter);
        return this;
    }

    /**
     * Adds a destination written in Java.
     *
     * @param exporter the exporter
     * @return this builder
     */
    public SpanwiseBuilder exporter(JavaSpanExporter exporter) {
        exporters.add(exporter == null ? null : new JavaExporterAdapter(exporter::export, exporter::flush, exporter::shutdown, exporter));
        return this;
    }

    /**
     * Adds OTLP/HTTP JSON export to {@code endpoint}{@code /v1/traces} (an OpenTelemetry Collector,
     * Jaeger, Tempo, Langfuse, Phoenix); {@link #header} adds auth headers.
     *
     * @param endpoint base URL, e.g. {@code http://localhost:4318}
     * @return this builder
     */
    public SpanwiseBuilder otlpEndpoint(String endpoint) {
        exporters.otlp(endpoint);
        return this;
    }

    /**
     * Adds Tracentic ingest at its default endpoint, authenticated with {@link #apiKey}
     * ({@link #header} applies only to exporters given an endpoint).
     *
     * @return this builder
     */
    public SpanwiseBuilder tracentic() {
        exporters.tracentic(null);
        return this;
    }

    /** @param endpoint Tracentic base URL; adds Tracentic ingest authenticated with {@link #apiKey} @return this builder */
    public SpanwiseBuilder tracentic(String endpoint) {
        exporters.tracentic(endpoint);
        return this;
    }

    /**
     * Adds 2Signal ingest at its default endpoint, authenticated with {@link #apiKey}
     * ({@link #header} applies only to exporters given an endpoint).
     *
     * @return this builder
     */
    public SpanwiseBuilder twoSignal() {
        exporters.twoSignal(null);
        return this;
    }

    /** @param endpoint 2Signal base URL; adds 2Signal ingest authenticated with {@link #apiKey} @return this builder */
    public SpanwiseBuilder twoSignal(String endpoint) {
        exporters.twoSignal(endpoint);
        return this;
    }

    /** @param url Zipkin base URL, e.g. {@code http://localhost:9411}; adds Zipkin v2 JSON export @return this builder */
    public SpanwiseBuilder zipkin(String url) {
        exporters.zipkin(url);
        return this;
    }

    /** @param file appends one OTLP-shaped JSON span per line to this file @return this builder */
    public SpanwiseBuilder jsonLines(Path file) {
        exporters.add(file == null ? null : Exporters.jsonLines(file));
        return this;
    }

    /** @param apiKey the key for {@link #tracentic()} and {@link #twoSignal()}; never logged @return this builder */
    public SpanwiseBuilder apiKey(String apiKey) {
        exporters.apiKey(apiKey);
        return this;
    }

    /** @param name header sent with every export request @param value its value (never logged) @return this builder */
    public SpanwiseBuilder header(String name, String value) {
        exporters.header(name, value);
        return this;
    }

    /**
     * Trusts HTTPS endpoints through {@code trustManager} instead of the JVM's default trust store,
     * e.g. a collector with a self-signed or private-CA certificate. Applies to the exporters given
     * an endpoint ({@link #otlpEndpoint}, {@link #zipkin}, {@link #tracentic(String)},
     * {@link #twoSignal(String)}), like {@link #header}. The server certificate must still name the
     * endpoint's host in its SubjectAltName.
     *
     * <pre>{@code
     * KeyStore store = KeyStore.getInstance("PKCS12");
     * try (InputStream in = Files.newInputStream(Path.of("collector-ca.p12"))) { store.load(in, password); }
     * TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
     * tmf.init(store);
     * builder.otlpEndpoint("https://collector.internal:4318")
     *        .trustManager((X509TrustManager) tmf.getTrustManagers()[0]);
     * }</pre>
     *
     * @param trustManager the trust for HTTPS endpoints; {@code null} restores the JVM's default
     * @return this builder
     */
    public SpanwiseBuilder trustManager(@Nullable X509TrustManager trustManager) {
        exporters.trustManager(trustManager);
        return this;
    }

    /** @param headers headers sent with every export request @return this builder */
    public SpanwiseBuilder headers(Map<String, String> headers) {
        if (headers != null) headers.forEach(exporters::header);
        return this;
    }

    /**
     * Reads the {@code SPANWISE_*} and {@code OTEL_*} settings (system properties first, then
     * environment variables) underneath this builder: what is set in code wins, and the
     * environment's exporter is used only when no exporter was chosen here.
     *
     * @return this builder
     */
    public SpanwiseBuilder fromEnvironment() {
        this.fromEnvironment = true;
        return this;
    }

    /**
     * Prices a model, so its LLM spans carry a cost. Lookup tries the exact name, then a normalised
     * one (case, {@code provider/} prefix and date suffix ignored).
     *
     * @param model the model name, e.g. {@code gpt-4o}
     * @param pricing its prices
     * @return this builder
     */
    public SpanwiseBuilder modelPricing(String model, ModelPricing pricing) {
        settings.add(c -> price(c, model, pricing));
        return this;
    }

    /** @param key attribute added to every span @param value its value @return this builder */
    public SpanwiseBuilder globalAttribute(String key, Object value) {
        settings.add(c -> c.globalAttributes(Collections.singletonMap(key, value)));
        return this;
    }

    /** @param attributes attributes added to every span @return this builder */
    public SpanwiseBuilder globalAttributes(Map<String, ?> attributes) {
        if (attributes != null) {
            Map<String, Object> copy = new LinkedHashMap<>(attributes);
            settings.add(c -> c.globalAttributes(copy));
        }
        return this;
    }

    /** @param sampleRate fraction of traces kept, in [0, 1] (whole traces are kept or dropped) @return this builder */
    public SpanwiseBuilder sampleRate(double sampleRate) {
        settings.add(c -> c.setSampleRate(sampleRate));
        return this;
    }

    /** @param captureContent whether LLM prompts and completions are stored (off by default) @return this builder */
    public SpanwiseBuilder captureContent(boolean captureContent) {
        settings.add(c -> c.setCaptureContent(captureContent));
        return this;
    }

    /**
     * @param propagateUserId whether the trace's user id travels to called services in the
     *     {@code baggage} header and is read from incoming ones (off by default: a user id is personal data)
     * @return this builder
     */
    public SpanwiseBuilder propagateUserId(boolean propagateUserId) {
        settings.add(c -> c.setPropagateUserId(propagateUserId));
        return this;
    }

    /**
     * @param mask rewrites captured content and error messages before they are stored, e.g. to redact
     *     e-mail addresses; if it throws, the content is replaced by {@code <masked: hook failed>}
     * @return this builder
     */
    public SpanwiseBuilder contentMask(ContentMask mask) {
        settings.add(c -> c.setContentMask(mask));
        return this;
    }

    /** @param limits all attribute bounds at once (the setters below override single bounds) @return this builder */
    public SpanwiseBuilder limits(AttributeLimits limits) {
        settings.add(c -> c.setLimits(notNull("limits", limits)));
        return this;
    }

    /** @param max attributes kept per span (default 128) @return this builder */
    public SpanwiseBuilder maxAttributes(int max) {
        settings.add(c -> c.setMaxAttributes(max));
        return this;
    }

    /** @param max longest string attribute value in chars (default 4096) @return this builder */
    public SpanwiseBuilder maxAttributeValueLength(int max) {
        settings.add(c -> c.setMaxAttributeValueLength(max));
        return this;
    }

    /** @param max largest captured prompt or completion in UTF-8 bytes (default 1 MB) @return this builder */
    public SpanwiseBuilder maxContentBytes(int max) {
        settings.add(c -> c.setMaxContentBytes(max));
        return this;
    }

    /** @param max events kept per span (default 128) @return this builder */
    public SpanwiseBuilder maxEvents(int max) {
        settings.add(c -> c.setMaxEvents(max));
        return this;
    }

    /** @param capacity spans queued per destination before new ones are dropped (default 2048) @return this builder */
    public SpanwiseBuilder queueCapacity(int capacity) {
        settings.add(c -> c.batching().setQueueCapacity(capacity));
        return this;
    }

    /** @param size spans per export call (default 512) @return this builder */
    public SpanwiseBuilder maxBatchSize(int size) {
        settings.add(c -> c.batching().setMaxBatchSize(size));
        return this;
    }

    /** @param bytes estimated bytes queued per destination before new spans are dropped (default 64 MiB) @return this builder */
    public SpanwiseBuilder maxBufferedBytes(long bytes) {
        settings.add(c -> c.batching().setMaxBufferedBytes(bytes));
        return this;
    }

    /** @param interval longest a span waits before its batch is sent anyway (default 5 s) @return this builder */
    public SpanwiseBuilder flushInterval(Duration interval) {
        settings.add(c -> c.batching().flushInterval(notNull("flushInterval", interval)));
        return this;
    }

    /** @param timeout longest one export call may take (default 10 s) @return this builder */
    public SpanwiseBuilder exportTimeout(Duration timeout) {
        settings.add(c -> c.batching().exportTimeout(notNull("exportTimeout", timeout)));
        return this;
    }

    /**
     * @param register whether a JVM shutdown hook delivers what is still queued when the program exits
     *     without closing the {@code Spanwise} (on by default; also {@code SPANWISE_SHUTDOWN_HOOK=false} with
     *     {@link #fromEnvironment()}). The hook runs {@code shutdown(shutdownTimeout)}, never delays JVM exit
     *     longer than {@code shutdownTimeout} plus half a second, and is removed when you shut down yourself
     * @return this builder
     */
    public SpanwiseBuilder registerShutdownHook(boolean register) {
        settings.add(c -> c.setRegisterShutdownHook(register));
        return this;
    }

    /** @param timeout of {@code shutdown()}, {@code close()} and the shutdown hook (default 10 s) @return this builder */
    public SpanwiseBuilder shutdownTimeout(Duration timeout) {
        this.shutdownTimeout = timeout;
        return this;
    }

    /** @param timeout of {@code flush()} without an argument (default 10 s) @return this builder */
    public SpanwiseBuilder flushTimeout(Duration timeout) {
        this.flushTimeout = timeout;
        return this;
    }

    /**
     * Checks every setting and builds the instance. The checks and their messages are core's, so
     * Java and Kotlin configurations fail alike; only {@code null}s, which Kotlin's types rule out,
     * are caught here.
     *
     * @return the configured instance; close it (or call {@code shutdown}) before the process exits
     * @throws IllegalArgumentException naming the first invalid setting and its value
     */
    public Spanwise build() {
        TracingConfig config = new TracingConfig();
        EnvironmentConfig env = fromEnvironment ? EnvironmentConfig.system() : null;
        if (env != null) env.applySettings(config); // below everything set in code
        for (Consumer<TracingConfig> setting : settings) setting.accept(config);
        config.shutdownTimeout(notNull("shutdownTimeout", shutdownTimeout));
        notNull("flushTimeout", flushTimeout);
        if (flushTimeout.isNegative() || flushTimeout.isZero()) {
            throw new IllegalArgumentException("flushTimeout must be positive, was " + flushTimeout);
        }
        SpanExporter exporter = exporters.build();
        config.setExporter(exporter == null && env != null ? env.exporter() : exporter);
        return new Spanwise(Tracing.create(config), flushTimeout, shutdownTimeout);
    }

    private static void price(TracingConfig config, String model, ModelPricing p) {
        notNull("modelPricing model name", model);
        if (p == null) throw new IllegalArgumentException("modelPricing('" + model + "') must not be null");
        config.pricing().model(model, p.input(), p.output(), p.cacheRead(), p.cacheWrite());
    }

    private static <T> T notNull(String setting, T value) {
        if (value == null) throw new IllegalArgumentException(setting + " must not be null");
        return value;
    }
}
