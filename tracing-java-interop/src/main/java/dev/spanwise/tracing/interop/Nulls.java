package dev.spanwise.tracing.interop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns what Java callers may pass as {@code null} into values core's non-null parameters accept. */
final class Nulls {
    private Nulls() {
    }

    static String name(String name) {
        return name == null ? "" : name; // core replaces a blank name with "unnamed" and counts the misuse
    }

    static String text(String text) {
        return text == null ? "" : text; // a blank score name, label or id is ignored and counted by core
    }

    static Map<String, Object> attributes(Map<String, ?> attributes) {
        if (attributes == null || attributes.isEmpty()) return Collections.emptyMap();
        Map<String, Object> copy = new LinkedHashMap<>(attributes.size() * 2);
        for (Map.Entry<String, ?> e : attributes.entrySet()) {
            if (e.getKey() != null) copy.put(e.getKey(), e.getValue());
        }
        return copy;
    }

    /** {@code values} without its {@code null} entries (the same array when it has none). */
    static String[] strings(String[] values) {
        int nulls = 0;
        for (String v : values) if (v == null) nulls++;
        if (nulls == 0) return values;
        String[] kept = new String[values.length - nulls];
        int i = 0;
        for (String v : values) if (v != null) kept[i++] = v;
        return kept;
    }
}
