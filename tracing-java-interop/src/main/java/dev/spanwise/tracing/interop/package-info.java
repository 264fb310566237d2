/**
 * The Java face of Spanwise: builders, {@code AutoCloseable} scopes, a thread-local current scope,
 * executor wrapping and {@code CompletableFuture} lifecycle calls. Nothing here is {@code null}
 * unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.spanwise.tracing.interop;

import org.jspecify.annotations.NullMarked;
