package dev.spanwise.tracing.interop;

import dev.spanwise.tracing.propagation.IncomingHeaders;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the parent and the caller's correlation id of an incoming request or message by core's rule
 * ({@link IncomingHeaders}: a valid {@code x-spanwise-scope}, else a valid {@code traceparent}, else a
 * valid {@code x-tracentic-scope-id}; the correlation id from a valid {@code x-spanwise-correlation}).
 * Map keys match in any case; invalid values are ignored, never echoed.
 */
final class IncomingParent {
    private IncomingParent() {
    }

    static IncomingHeaders read(@Nullable Map<String, String> headers, boolean includeUserId) {
        if (headers == null || headers.isEmpty()) return IncomingHeaders.NONE;
        return IncomingHeaders.read(name -> lookupIgnoringCase(headers, name), null, includeUserId);
    }

    static IncomingHeaders read(@Nullable HeaderReader reader, boolean includeUserId) {
        if (reader == null) return IncomingHeaders.NONE;
        return IncomingHeaders.read(reader::get, null, includeUserId);
    }

    private static @Nullable String lookupIgnoringCase(Map<String, String> headers, String lowerCaseName) {
        String exact = headers.get(lowerCaseName);
        if (exact != null) return exact;
        for (Map.Entry<String, String> e : headers.entrySet()) {
            String key = e.getKey();
            if (key != null && key.toLowerCase(Locale.ROOT).equals(lowerCaseName)) return e.getValue();
        }
        return null;
    }
}
