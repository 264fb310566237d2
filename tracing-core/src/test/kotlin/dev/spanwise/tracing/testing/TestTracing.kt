package dev.spanwise.tracing.testing

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.config.TracingConfig
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.exporters.InMemoryExporter

/** A tracer exporting to memory, with a short flush interval. */
fun inMemoryTracing(configure: TracingConfig.() -> Unit = {}): Pair<Tracing, InMemoryExporter> {
    val spans = Exporters.inMemory()
    val tracing = Tracing {
        serviceName = "test-service"
        exporter = spans
        batching { flushInterval = kotlin.time.Duration.parse("50ms") }
        configure()
    }
    return tracing to spans
}
