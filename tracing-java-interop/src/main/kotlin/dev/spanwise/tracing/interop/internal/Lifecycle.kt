package dev.spanwise.tracing.interop.internal

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.export.ExportCounts
import dev.spanwise.tracing.model.InternalTracingApi
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.future.future
import kotlinx.coroutines.withTimeoutOrNull
import java.util.concurrent.CompletableFuture
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.toKotlinDuration

/**
 * Turns the suspending `flush`/`shutdown` of a [Tracing] into `CompletableFuture`s for the Java facade.
 *
 * Not part of the public API: the Java facade (`Spanwise`) is the only caller.
 *
 * ### Contract
 * - The returned future always completes **normally**, at the latest [GRACE_MILLIS] after the
 *   timeout, with the pipeline's counts (taken with `stats()` when the deadline passed first).
 * - The core operation runs in its own coroutine on an SDK-owned scope; the caller only awaits it.
 *   So neither cancelling the returned future (it is a `copy()`), nor a core call stuck behind a
 *   blocked exporter, can stop the SDK's work halfway or hold the caller past the deadline.
 */
@InternalTracingApi
public class Lifecycle(private val tracing: Tracing) {
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default + CoroutineName("spanwise-java-lifecycle"))

    /** Flushes within [timeout]; see the class contract. */
    public fun flush(timeout: java.time.Duration): CompletableFuture<ExportCounts> =
        bounded(timeout) { t -> tracing.flush(t) }

    /** Shuts down within [timeout]; see the class contract. */
    public fun shutdown(timeout: java.time.Duration): CompletableFuture<ExportCounts> =
        bounded(timeout) { t -> tracing.shutdown(t) }

    private fun bounded(
        timeout: java.time.Duration,
        operation: suspend (kotlin.time.Duration) -> ExportCounts,
    ): CompletableFuture<ExportCounts> {
        val t = timeout.toKotlinDuration()
        return try {
            val work = scope.async { operation(t) }
            scope.future {
                try {
                    withTimeoutOrNull(t + GRACE_MILLIS.milliseconds) { work.await() } ?: tracing.stats()
                } catch (e: Exception) {
                    tracing.stats()
                }
            }.copy()
        } catch (e: Exception) {
            CompletableFuture.completedFuture(tracing.stats())
        }
    }

    /** Constants. */
    public companion object {
        /** How long past its timeout a future may take to complete: 200 ms. */
        public const val GRACE_MILLIS: Long = 200
    }
}
