package dev.spanwise.tracing.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code spanwise.*} properties. Each has the name and meaning of the {@code SPANWISE_*}
 * environment variable it mirrors ({@code spanwise.queue-capacity} is {@code SPANWISE_QUEUE_CAPACITY}),
 * so Spring's relaxed binding reads those variables too. Unset properties keep core's defaults; the
 * values are checked by core's rules at startup, and a bad one stops the application with a message
 * naming the property and the value.
 */
@ConfigurationProperties(prefix = "spanwise")
public class SpanwiseProperties {
    /** Exporter kinds, a comma list: otlp, tracentic, twosignal, zipkin, console, jsonl, none. */
    private String exporter;

    /** Base URL of the selected network exporter. */
    private String endpoint;

    /** API key of the Tracentic or 2Signal exporter; never logged. */
    private String apiKey;

    /** service.name of every span; defaults to OTEL_SERVICE_NAME, then spring.application.name. */
    private String serviceName;

    /** service.version (the application's version). */
    private String serviceVersion;

    /** deployment.environment. */
    private String environment;

    /** Whether Spanwise records anything; false makes every call a no-op. */
    private Boolean enabled;

    /** Fraction of traces kept, within [0, 1]. */
    private Double sampleRate;

    /** Whether input/output content (LLM messages, captured method arguments and results) is recorded. */
    private Boolean captureContent;

    /** File of the jsonl exporter (default spanwise-traces.jsonl). */
    private String jsonlPath;

    /**
     * Whether a JVM shutdown hook of its own delivers queued spans at exit. Off by default here: the
     * application context flushes and shuts Spanwise down when it closes.
     */
    private Boolean shutdownHook;

    /** Whether network exporters gzip request bodies. */
    private Boolean gzip;

    /** Export queue capacity in spans, per destination (default 2048). */
    private Long queueCapacity;

    /** Spans per export call (default 512). */
    private Long maxBatchSize;

    /** Export queue bound in estimated bytes, per destination (default 64 MiB). */
    private Long maxBufferedBytes;

    /** Longest wait of a span in the queue, in milliseconds (default 5000). */
    private Long flushIntervalMs;

    /** Longest export call, in milliseconds (default 10000). */
    private Long exportTimeoutMs;

    /** @return the exporter kinds, or null */
    public String getExporter() { return exporter; }

    /** @param exporter exporter kinds, a comma list */
    public void setExporter(String exporter) { this.exporter = exporter; }

    /** @return the exporter's base URL, or null */
    public String getEndpoint() { return endpoint; }

    /** @param endpoint base URL of the selected network exporter */
    public void setEndpoint(String endpoint) { this.endpoint = endpoint; }

    /** @return the API key, or null */
    public String getApiKey() { return apiKey; }

    /** @param apiKey API key of the Tracentic or 2Signal exporter */
    public void setApiKey(String apiKey) { this.apiKey = apiKey; }

    /** @return the service name, or null */
    public String getServiceName() { return serviceName; }

    /** @param serviceName service.name of every span */
    public void setServiceName(String serviceName) { this.serviceName = serviceName; }

    /** @return the service version, or null */
    public String getServiceVersion() { return serviceVersion; }

    /** @param serviceVersion service.version */
    public void setServiceVersion(String serviceVersion) { this.serviceVersion = serviceVersion; }

    /** @return the deployment environment, or null */
    public String getEnvironment() { return environment; }

    /** @param environment deployment.environment */
    public void setEnvironment(String environment) { this.environment = environment; }

    /** @return whether Spanwise is enabled, or null for the default (true) */
    public Boolean getEnabled() { return enabled; }

    /** @param enabled false disables Spanwise */
    public void setEnabled(Boolean enabled) { this.enabled = enabled; }

    /** @return the sample rate, or null */
    public Double getSampleRate() { return sampleRate; }

    /** @param sampleRate fraction of traces kept, within [0, 1] */
    public void setSampleRate(Double sampleRate) { this.sampleRate = sampleRate; }

    /** @return whether content is captured, or null */
    public Boolean getCaptureContent() { return captureContent; }

    /** @param captureContent whether input/output content is recorded */
    public void setCaptureContent(Boolean captureContent) { this.captureContent = captureContent; }

    /** @return the jsonl file, or null */
    public String getJsonlPath() { return jsonlPath; }

    /** @param jsonlPath file of the jsonl exporter */
    public void setJsonlPath(String jsonlPath) { this.jsonlPath = jsonlPath; }

    /** @return whether Spanwise registers its own JVM shutdown hook, or null (off) */
    public Boolean getShutdownHook() { return shutdownHook; }

    /** @param shutdownHook whether Spanwise registers its own JVM shutdown hook */
    public void setShutdownHook(Boolean shutdownHook) { this.shutdownHook = shutdownHook; }

    /** @return whether request bodies are gzipped, or null */
    public Boolean getGzip() { return gzip; }

    /** @param gzip whether network exporters gzip request bodies */
    public void setGzip(Boolean gzip) { this.gzip = gzip; }

    /** @return the queue capacity, or null */
    public Long getQueueCapacity() { return queueCapacity; }

    /** @param queueCapacity export queue capacity in spans */
    public void setQueueCapacity(Long queueCapacity) { this.queueCapacity = queueCapacity; }

    /** @return spans per export call, or null */
    public Long getMaxBatchSize() { return maxBatchSize; }

    /** @param maxBatchSize spans per export call */
    public void setMaxBatchSize(Long maxBatchSize) { this.maxBatchSize = maxBatchSize; }

    /** @return the queue bound in bytes, or null */
    public Long getMaxBufferedBytes() { return maxBufferedBytes; }

    /** @param maxBufferedBytes export queue bound in estimated bytes */
    public void setMaxBufferedBytes(Long maxBufferedBytes) { this.maxBufferedBytes = maxBufferedBytes; }

    /** @return the flush interval in milliseconds, or null */
    public Long getFlushIntervalMs() { return flushIntervalMs; }

    /** @param flushIntervalMs longest wait of a span in the queue, in milliseconds */
    public void setFlushIntervalMs(Long flushIntervalMs) { this.flushIntervalMs = flushIntervalMs; }

    /** @return the export timeout in milliseconds, or null */
    public Long getExportTimeoutMs() { return exportTimeoutMs; }

    /** @param exportTimeoutMs longest export call, in milliseconds */
    public void setExportTimeoutMs(Long exportTimeoutMs) { this.exportTimeoutMs = exportTimeoutMs; }
}
