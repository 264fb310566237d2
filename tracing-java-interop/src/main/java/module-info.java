/**
 * The Spanwise Java facade: builders, {@code AutoCloseable} scopes, executor wrapping and
 * {@code CompletableFuture} lifecycle over {@code dev.spanwise.tracing.core}.
 */
module dev.spanwise.tracing.interop {
    requires transitive dev.spanwise.tracing.core;
    requires kotlinx.coroutines.core;
    requires org.slf4j;
    requires static transitive org.jspecify;

    exports dev.spanwise.tracing.interop;
}
