package dev.spanwise.tracing.spring.annotation;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;

/** Renders the arguments a {@link Traced} method captures as one input text. */
final class ArgumentCapture {
    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    private ArgumentCapture() {}

    /** The input text, or {@code null} when nothing is captured. */
    static String render(Traced traced, Method method, Object[] args) {
        if (traced.captureArgs().length == 0 || args.length == 0) return null;
        String[] names = NAMES.getParameterNames(method);
        List<String> wanted = Arrays.asList(traced.captureArgs());
        List<String> skipped = Arrays.asList(traced.skipArgs());
        boolean all = wanted.contains("*");
        Map<String, Object> picked = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = names != null && i < names.length ? names[i] : "arg" + i;
            if ((all || wanted.contains(name)) && !skipped.contains(name)) picked.put(name, args[i]);
        }
        if (picked.isEmpty()) return null;
        if (picked.size() == 1) return String.valueOf(picked.values().iterator().next());
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, Object> e : picked.entrySet()) {
            if (json.length() > 1) json.append(',');
            quote(json, e.getKey()).append(':');
            quote(json, String.valueOf(e.getValue()));
        }
        return json.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"');
    }
}
