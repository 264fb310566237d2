package dev.spanwise.tracing.interop;

import org.jspecify.annotations.Nullable;

/**
 * Reads one header of an incoming request or message by name, for
 * {@link ScopeBuilder#parentFromHeaders(HeaderReader)}; a servlet's {@code request::getHeader}
 * fits as is.
 */
@FunctionalInterface
public interface HeaderReader {
    /**
     * Returns the value of the header called {@code name}, or {@code null} when it is absent.
     * Spanwise asks for lower-case names; a reader over a case-sensitive store should ignore case.
     *
     * @param name the header name, in lower case
     * @return its (first) value, or {@code null}
     */
    @Nullable String get(String name);
}
