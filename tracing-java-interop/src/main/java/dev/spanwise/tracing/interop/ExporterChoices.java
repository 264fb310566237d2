package dev.spanwise.tracing.interop;

import dev.spanwise.tracing.exporters.Exporters;
import dev.spanwise.tracing.export.HttpExporterConfig;
import dev.spanwise.tracing.export.SpanExporter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.X509TrustManager;

/**
 * The destinations chosen on a {@link SpanwiseBuilder}. Network exporters are created in
 * {@link #build()}, so the API key and headers may be set before or after choosing them.
 */
final class ExporterChoices {
    private enum Network { OTLP, TRACENTIC, TWO_SIGNAL, ZIPKIN }

    /** A ready exporter, or a network exporter still to be created. */
    private static final class Choice {
        final SpanExporter exporter;
        final Network network;
        final String endpoint;

        Choice(SpanExporter exporter, Network network, String endpoint) {
            this.exporter = exporter;
            this.network = network;
            this.endpoint = endpoint;
        }
    }

    private final List<Choice> choices = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String apiKey;
    private X509TrustManager trustManager;

    void add(SpanExporter exporter) {
        choices.add(new Choice(exporter, null, null));
    }

    void otlp(String endpoint) {
        choices.add(new Choice(null, Network.OTLP, endpoint));
    }

    void tracentic(String endpoint) {
        choices.add(new Choice(null, Network.TRACENTIC, endpoint));
    }

    void twoSignal(String endpoint) {
        choices.add(new Choice(null, Network.TWO_SIGNAL, endpoint));
    }

    void zipkin(String url) {
        choices.add(new Choice(null, Network.ZIPKIN, url));
    }

    void apiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    void trustManager(X509TrustManager trustManager) {
        this.trustManager = trustManager;
    }

    void header(String name, String value) {
        headers.put(name, value);
    }

    boolean isEmpty() {
        return choices.isEmpty();
    }

    /**
     * The configured destinations; a composite when there are several, {@code null} when none.
     *
     * @throws IllegalArgumentException naming a bad endpoint, header or missing API key (never the key itself)
     */
    SpanExporter build() {
        List<SpanExporter> built = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            Choice c = choices.get(i);
            if (c.network == null) {
                if (c.exporter == null) throw new IllegalArgumentException("exporter #" + (i + 1) + " must not be null");
                built.add(c.exporter);
            } else {
                built.add(network(c));
            }
        }
        if (built.isEmpty()) return null;
        return built.size() == 1 ? built.get(0) : Exporters.composite(built.toArray(new SpanExporter[0]));
    }

    private SpanExporter network(Choice c) {
        if (c.endpoint == null) {
            switch (c.network) {
                case TRACENTIC:
                    return Exporters.tracentic(requireKey("tracentic"));
                case TWO_SIGNAL:
                    return Exporters.twoSignal(requireKey("twoSignal"));
                default:
                    throw new IllegalArgumentException(c.network.name().toLowerCase(java.util.Locale.ROOT) + " endpoint must not be null");
            }
        }
        HttpExporterConfig http = new HttpExporterConfig().trustManager(trustManager);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey() == null || h.getValue() == null) throw new IllegalArgumentException("header '" + h.getKey() + "' must have a name and a value");
            http.header(h.getKey(), h.getValue());
        }
        switch (c.network) {
            case OTLP:
                return Exporters.otlpHttp(c.endpoint, http);
            case TRACENTIC:
                return Exporters.tracentic(requireKey("tracentic"), c.endpoint, http);
            case TWO_SIGNAL:
                return Exporters.twoSignal(requireKey("twoSignal"), c.endpoint, http);
            default:
                return Exporters.zipkin(c.endpoint, http);
        }
    }

    private String requireKey(String exporter) {
        if (apiKey == null || apiKey.trim().isEmpty()) {
            throw new IllegalArgumentException(exporter + "() needs apiKey(…) to be set to a non-blank key");
        }
        return apiKey;
    }
}
