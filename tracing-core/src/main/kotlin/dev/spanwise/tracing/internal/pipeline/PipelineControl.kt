package dev.spanwise.tracing.internal.pipeline

import dev.spanwise.tracing.export.DropReason
import dev.spanwise.tracing.export.ExportCounts
import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.model.SpanData
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull
import kotlin.time.Duration

// The flush/shutdown protocol of a [BatchingPipeline]. A caller puts a request with a deadline and
// a mark (the enqueued count at the call) on the control channel; the consumer loop, between
// batches, sends every span enqueued before the mark, waits for the exports in flight, then
// flushes or closes the exporter with the time left, and completes the request. Shutdown then
// cancels the loop and accounts whatever is still held.

/** A flush or shutdown request to the consumer: [done] completes when it is handled. */
internal sealed class ControlRequest(val done: CompletableDeferred<Unit>, val deadlineNanos: Long, val mark: Long) {
    class Flush(done: CompletableDeferred<Unit>, deadlineNanos: Long, mark: Long) : ControlRequest(done, deadlineNanos, mark)
    class Shutdown(done: CompletableDeferred<Unit>, deadlineNanos: Long, mark: Long) : ControlRequest(done, deadlineNanos, mark)
}

private const val EXPORTER_CLOSE_GRACE_MS = 200L

/**
 * Asks the consumer to send everything enqueued before this call and waits for it, at most
 * [timeout]; answers at once when nothing is pending. Returns the counts afterwards.
 */
internal suspend fun BatchingPipeline.flush(timeout: Duration): ExportCounts {
    // Nothing accepted is unresolved and the exporter has flushed everything it was given:
    // every span ended before this call has already been handed over, so answer at once.
    if (pending.get() == 0L && !exporterFlushDue) return snapshot()
    val done = CompletableDeferred<Unit>()
    val deadline = clock.nanoTime() + timeout.inWholeNanoseconds
    if (control.trySend(ControlRequest.Flush(done, deadline, enqueued.get())).isSuccess) {
        withTimeoutOrNull(timeout) { done.await() }
    }
    return snapshot()
}

/**
 * Stops accepting spans, asks the consumer to send what is queued and close the exporter, waits at
 * most [timeout], then accounts whatever is left as `SHUTDOWN_TIMEOUT` and closes the exporter if
 * the consumer could not. Only the first call acts.
 */
internal suspend fun BatchingPipeline.shutdown(timeout: Duration): ExportCounts {
    if (!shutdownStarted.compareAndSet(false, true)) return snapshot()
    accepting = false
    val done = CompletableDeferred<Unit>()
    val deadline = clock.nanoTime() + timeout.inWholeNanoseconds
    control.trySend(ControlRequest.Shutdown(done, deadline, enqueued.get()))
    withTimeoutOrNull(timeout) { done.await() }
    withContext(NonCancellable) {
        job.cancelAndJoin()
        queue.close()
        val unsent = ArrayList<SpanData>(batch)
        counts.releaseBytes(batchBytes)
        batch.clear()
        batchBytes = 0
        while (true) {
            val span = queue.tryReceive().getOrNull() ?: break
            counts.releaseBytes(span.estimatedBytes.toLong())
            unsent.add(span)
        }
        var left = unsent.size.toLong()
        pending.addAndGet(-left)
        counts.resolved(unsent, 0, mapOf(DropReason.SHUTDOWN_TIMEOUT to left))
        left += sender.abandonAll()
        if (left > 0) {
            log.warn("shutdown-timeout", "Spanwise: shutdown timed out after {}; {} spans not delivered", timeout, left)
        }
        // The loop closes the exporter only when its deadline leaves time; whenever it did not
        // (even if it signalled `done` just in time), close it here so its client never leaks.
        if (!exporterClosed) withTimeoutOrNull(EXPORTER_CLOSE_GRACE_MS) { safeExporterCall { exporter.shutdown() } }
    }
    return snapshot()
}

/** Handles a flush or shutdown request; returns `true` when the loop must stop. */
internal suspend fun BatchingPipeline.handle(c: ControlRequest, exports: CoroutineScope): Boolean {
    val complete = drainAndExport(c.mark, c.deadlineNanos, exports)
    val remaining = c.deadlineNanos - clock.nanoTime()
    if (remaining > 0) {
        withTimeoutOrNull(nanosToMillisCeil(remaining)) {
            safeExporterCall {
                if (c is ControlRequest.Shutdown) {
                    exporter.shutdown().also { exporterClosed = true }
                } else {
                    exporterFlushDue = false // before the call: a batch sent meanwhile sets it again
                    exporter.flush()
                }
            }
        }
    }
    if (!complete) log.debug("Spanwise: flush deadline reached with {} spans pending", pending.get())
    c.done.complete(Unit)
    return c is ControlRequest.Shutdown
}

/**
 * Sends every span enqueued before [mark] and waits until no export is in flight, or until
 * [deadline]. Returns whether everything was resolved in time.
 */
private suspend fun BatchingPipeline.drainAndExport(mark: Long, deadline: Long, exports: CoroutineScope): Boolean {
    while (true) {
        fillBatch()
        if (batch.isEmpty()) break
        val acquired = withTimeoutOrNull(nanosToMillisCeil(deadline - clock.nanoTime())) { permits.acquire() }
        if (acquired == null) return false
        dispatch(exports)
        if (dequeued >= mark) break // later spans go out at the usual pace
    }
    while (inFlight.get() > 0) {
        val left = deadline - clock.nanoTime()
        if (left <= 0) return false
        withTimeoutOrNull(nanosToMillisCeil(left)) { batchDone.receive() }
    }
    return true
}

private suspend inline fun BatchingPipeline.safeExporterCall(crossinline call: suspend () -> ExportResult) {
    try {
        call()
    } catch (e: CancellationException) {
        throw e
    } catch (t: Throwable) {
        if (t is VirtualMachineError) throw t
        log.error("exporter-threw", "Spanwise: exporter {} threw {}", exporter, t.toString())
    }
}
