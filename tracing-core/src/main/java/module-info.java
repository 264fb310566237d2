/**
 * Spanwise tracing core: the {@code Tracing} entry point, the scope DSL, the span model, the
 * exporter SPI and the built-in exporters.
 *
 * <p>Every public package is exported below. A new public package must be added to this list;
 * a new {@code internal} package is not exported (or only {@code to} the Spanwise module that
 * needs it).
 */
module dev.spanwise.tracing.core {
    requires transitive kotlin.stdlib;
    requires transitive kotlinx.coroutines.core;
    requires transitive io.ktor.client.core;
    requires io.ktor.client.cio;
    requires io.ktor.http;
    requires io.ktor.io;
    requires io.ktor.utils;
    requires kotlinx.serialization.json;
    requires org.slf4j;

    exports dev.spanwise.tracing;
    exports dev.spanwise.tracing.model;
    exports dev.spanwise.tracing.export;
    exports dev.spanwise.tracing.exporters;
    exports dev.spanwise.tracing.config;
    exports dev.spanwise.tracing.scope;
    exports dev.spanwise.tracing.pricing;
    exports dev.spanwise.tracing.propagation;
}
