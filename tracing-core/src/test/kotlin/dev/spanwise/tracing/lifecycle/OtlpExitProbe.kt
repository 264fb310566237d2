package dev.spanwise.tracing.lifecycle

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.Exporters
import kotlin.time.Duration.Companion.milliseconds

/**
 * A program that records 1,000 spans for an OTLP endpoint and returns from `main` without calling
 * `shutdown()`, with the default configuration (plus the environment, e.g. `SPANWISE_SHUTDOWN_HOOK`).
 * Args: `<OTLP endpoint> <shutdownTimeout ms>`. Used by [ExitFlushTest] in a child JVM.
 */
object OtlpExitProbe {
    @JvmStatic
    fun main(args: Array<String>) {
        val tracing = Tracing.fromEnvironment {
            serviceName = "otlp-exit-probe"
            exporter = Exporters.otlpHttp(args[0])
            shutdownTimeout = args[1].toLong().milliseconds
        }
        repeat(1000) { tracing.begin("span-$it").end() }
        System.out.println("main returns at ${System.nanoTime()}")
    }
}
