package dev.spanwise.tracing.interop;

import dev.spanwise.tracing.propagation.ParentLink;
import dev.spanwise.tracing.propagation.ParentLinkKt;
import java.util.Locale;
import java.util.Map;

/**
 * Picks the parent of an incoming request or message from its headers: a valid
 * {@code x-spanwise-scope}, else a valid {@code traceparent}, else a valid {@code x-tracentic-scope-id}
 * (kept as a logical link); and the caller's correlation id from a valid
 * {@code x-spanwise-correlation}. Names match in any case; invalid values are ignored, never echoed.
 */
final class IncomingParent {
    private IncomingParent() {
    }

    static String from(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) return null;
        return from(name -> lookupIgnoringCase(headers, name));
    }

    static String from(HeaderReader reader) {
        if (reader == null) return null;
        String scope = read(reader, Spanwise.PARENT_SCOPE_HEADER);
        if (ParentLink.parseScopeId(scope) != null) return scope;
        String traceparent = read(reader, Spanwise.TRACEPARENT_HEADER);
        if (ParentLink.parseTraceparent(traceparent) != null) return traceparent;
        String tracentic = read(reader, ParentLinkKt.TRACENTIC_SCOPE_HEADER);
        if (ParentLinkKt.isValidLogicalParentId(tracentic)) return tracentic;
        return null;
    }

    static String correlationId(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) return null;
        return correlationId(name -> lookupIgnoringCase(headers, name));
    }

    static String correlationId(HeaderReader reader) {
        if (reader == null) return null;
        String value = read(reader, Spanwise.CORRELATION_ID_HEADER);
        return ParentLinkKt.isValidLogicalParentId(value) ? value : null;
    }

    private static String read(HeaderReader reader, String name) {
        try {
            return reader.get(name);
        } catch (RuntimeException e) {
            return null; // a failing reader means "no header", never an error for the request
        }
    }

    private static String lookupIgnoringCase(Map<String, String> headers, String lowerCaseName) {
        String exact = headers.get(lowerCaseName);
        if (exact != null) return exact;
        for (Map.Entry<String, String> e : headers.entrySet()) {
            String key = e.getKey();
            if (key != null && key.toLowerCase(Locale.ROOT).equals(lowerCaseName)) return e.getValue();
        }
        return null;
    }
}
