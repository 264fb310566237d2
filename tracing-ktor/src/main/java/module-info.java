/**
 * Spanwise Ktor plugins: {@code ServerTracing} (request attributes, parent-scope linking) and
 * {@code ClientTracing} (header propagation). The application brings its own Ktor server.
 */
module dev.spanwise.tracing.ktor {
    requires transitive dev.spanwise.tracing.core;
    requires transitive io.ktor.server.core;
    requires transitive io.ktor.client.core;
    requires io.ktor.http;
    requires io.ktor.io;
    requires io.ktor.utils;
    requires org.slf4j;

    exports dev.spanwise.tracing.ktor;
}
