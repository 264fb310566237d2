package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.config.TracingConfig
import dev.spanwise.tracing.export.ExportCounts
import dev.spanwise.tracing.exporters.destinations
import dev.spanwise.tracing.internal.pipeline.BatchingPipeline
import dev.spanwise.tracing.internal.pipeline.SpanOutcomes
import dev.spanwise.tracing.internal.pipeline.flush
import dev.spanwise.tracing.internal.pipeline.shutdown
import dev.spanwise.tracing.model.internal.Clock
import dev.spanwise.tracing.model.internal.ThrottledLogger
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancel
import kotlinx.coroutines.coroutineScope
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.time.Duration

/**
 * The export pipelines of one `Tracing` — one per destination, each with its own queue — and
 * their lifecycle: counts across destinations, flush, a single shutdown (extra calls are logged
 * once and answered with the counts), and the JVM exit hook. Lifecycle calls never throw except
 * for the caller's own cancellation.
 */
internal class ExportLifecycle(config: TracingConfig, private val scope: CoroutineScope, clock: Clock, private val log: ThrottledLogger) {
    private val destinations = config.exporter?.destinations().orEmpty()
    private val outcomes = if (destinations.size > 1) SpanOutcomes(destinations.size) else null
    val pipelines: List<BatchingPipeline> = destinations.mapIndexed { i, exporter ->
        BatchingPipeline(exporter, config.batching.copy(), scope, clock, log, outcomes = outcomes, countsRecorded = i == 0)
    }
    private val shutdownStarted = AtomicBoolean()
    private val doubleShutdownLogged = AtomicBoolean()
    private val exitHook: ExitHook? = if (config.registerShutdownHook) ExitHook.install(config.shutdownTimeout) { shutdown(it) } else null

    /** Starts every pipeline's consumer; says so once when there is nowhere to export to. */
    fun start(serviceName: String) {
        if (pipelines.isEmpty()) {
            log.info("no-exporter", "Spanwise: no exporter configured for service '{}'; spans are not exported", serviceName)
        }
        pipelines.forEach { it.start() }
    }

    fun stats(): ExportCounts = combine(pipelines.map { it.snapshot() })

    suspend fun flush(timeout: Duration): ExportCounts = guarded { coroutineScope { pipelines.map { async { it.flush(timeout) } }.awaitAll() } }

    suspend fun shutdown(timeout: Duration): ExportCounts {
        if (!shutdownStarted.compareAndSet(false, true)) {
            if (doubleShutdownLogged.compareAndSet(false, true)) {
                log.delegate.info("Spanwise: shutdown called multiple times; ignoring the extra calls")
            }
            return stats()
        }
        exitHook?.remove()
        val result = guarded { coroutineScope { pipelines.map { async { it.shutdown(timeout) } }.awaitAll() } }
        scope.cancel()
        return result
    }

    /** Runs a lifecycle call; anything but the caller's own cancellation becomes a logged snapshot. */
    private suspend fun guarded(block: suspend () -> List<ExportCounts>): ExportCounts {
        if (pipelines.isEmpty()) return ExportCounts.EMPTY
        return try {
            combine(block())
        } catch (e: CancellationException) {
            throw e
        } catch (t: Throwable) {
            if (t is VirtualMachineError) throw t
            log.error("lifecycle-failure", "Spanwise: flush/shutdown failed: {}", t.toString())
            stats()
        }
    }

    private fun combine(results: List<ExportCounts>): ExportCounts = outcomes?.combine(results) ?: results[0]
}
