package dev.spanwise.tracing.spring;

import dev.spanwise.tracing.config.EnvironmentConfig;
import dev.spanwise.tracing.config.TracingConfig;
import dev.spanwise.tracing.export.SpanExporter;
import dev.spanwise.tracing.exporters.Exporters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.env.Environment;

/**
 * Turns bound {@link SpanwiseProperties} into a {@link TracingConfig} through core's
 * {@link EnvironmentConfig}, so the properties are parsed and checked by exactly the rules of the
 * {@code SPANWISE_*} variables; core's messages are reworded to name the property.
 */
final class PropertiesConfig {
    private static final Pattern VARIABLE = Pattern.compile("SPANWISE_[A-Z_]+");
    private static final Pattern ALSO_PROPERTY = Pattern.compile(" \\(or spanwise\\.[a-z.]+\\)");
    private static final String[] OTEL_NAMES = {
        EnvironmentConfig.OTEL_SERVICE_NAME,
        EnvironmentConfig.OTEL_ENDPOINT,
        EnvironmentConfig.OTEL_TRACES_ENDPOINT,
        EnvironmentConfig.OTEL_HEADERS,
        EnvironmentConfig.OTEL_SDK_DISABLED,
    };

    private PropertiesConfig() {}

    /**
     * The configuration the properties describe, with {@code exporters} added to the one the
     * properties select.
     *
     * @throws IllegalArgumentException naming the first invalid property and its value
     */
    static TracingConfig build(SpanwiseProperties p, Environment environment, List<SpanExporter> exporters) {
        Map<String, String> values = variables(p, environment);
        EnvironmentConfig env = new EnvironmentConfig(values, Map.of());
        TracingConfig config = new TracingConfig();
        config.setRegisterShutdownHook(false); // the application context shuts Spanwise down
        try {
            env.applySettings(config);
            List<SpanExporter> all = new ArrayList<>(exporters);
            SpanExporter selected = env.exporter();
            if (selected != null) all.add(0, selected);
            if (all.size() == 1) config.setExporter(all.get(0));
            if (all.size() > 1) config.setExporter(Exporters.composite(all.toArray(new SpanExporter[0])));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(propertyWording(e.getMessage()), e);
        }
        return config;
    }

    /** The properties under their variable names, for core's {@link EnvironmentConfig}. */
    static Map<String, String> variables(SpanwiseProperties p, Environment environment) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String name : OTEL_NAMES) put(v, name, environment.getProperty(name));
        put(v, EnvironmentConfig.EXPORTER, p.getExporter());
        put(v, EnvironmentConfig.ENDPOINT, p.getEndpoint());
        put(v, EnvironmentConfig.API_KEY, p.getApiKey());
        String serviceName = p.getServiceName();
        if (isBlank(serviceName) && isBlank(v.get(EnvironmentConfig.OTEL_SERVICE_NAME))) {
            serviceName = environment.getProperty("spring.application.name");
        }
        put(v, EnvironmentConfig.SERVICE_NAME, serviceName);
        put(v, EnvironmentConfig.SERVICE_VERSION, p.getServiceVersion());
        put(v, EnvironmentConfig.ENVIRONMENT, p.getEnvironment());
        put(v, EnvironmentConfig.ENABLED, p.getEnabled());
        put(v, EnvironmentConfig.SAMPLE_RATE, p.getSampleRate());
        put(v, EnvironmentConfig.CAPTURE_CONTENT, p.getCaptureContent());
        put(v, EnvironmentConfig.JSONL_PATH, p.getJsonlPath());
        put(v, EnvironmentConfig.SHUTDOWN_HOOK, p.getShutdownHook());
        put(v, EnvironmentConfig.GZIP, p.getGzip());
        put(v, EnvironmentConfig.QUEUE_CAPACITY, p.getQueueCapacity());
        put(v, EnvironmentConfig.MAX_BATCH_SIZE, p.getMaxBatchSize());
        put(v, EnvironmentConfig.MAX_BUFFERED_BYTES, p.getMaxBufferedBytes());
        put(v, EnvironmentConfig.FLUSH_INTERVAL_MS, p.getFlushIntervalMs());
        put(v, EnvironmentConfig.EXPORT_TIMEOUT_MS, p.getExportTimeoutMs());
        return v;
    }

    /** {@code SPANWISE_QUEUE_CAPACITY must be …} → {@code spanwise.queue-capacity must be …}. */
    static String propertyWording(String message) {
        if (message == null) return "invalid spanwise.* property";
        Matcher m = VARIABLE.matcher(ALSO_PROPERTY.matcher(message).replaceAll(""));
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(propertyName(m.group())));
        m.appendTail(out);
        return out.toString();
    }

    /** {@code SPANWISE_FLUSH_INTERVAL_MS} → {@code spanwise.flush-interval-ms}. */
    static String propertyName(String variable) {
        String rest = variable.substring("SPANWISE_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
        return "spanwise." + rest;
    }

    private static void put(Map<String, String> map, String name, Object value) {
        if (value != null && !isBlank(value.toString())) map.put(name, value.toString());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
