package dev.spanwise.tracing.internal.pipeline

import dev.spanwise.tracing.export.BatchingConfig
import dev.spanwise.tracing.export.DropReason
import dev.spanwise.tracing.export.ExportCounts
import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.internal.util.Clock
import dev.spanwise.tracing.internal.util.ThrottledLogger
import dev.spanwise.tracing.model.SpanData
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.selects.onTimeout
import kotlinx.coroutines.selects.select
import kotlinx.coroutines.supervisorScope
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import kotlin.random.Random
import kotlin.time.Duration

/**
 * One destination's export queue: a bounded [Channel] fed by `trySend` from span end (never
 * blocks, never suspends), drained by one consumer coroutine that sends batches at
 * `maxBatchSize` or after `flushInterval`.
 *
 * This file holds the queue and the slot/flush protocol; the counts live in [PipelineAccounting]
 * and the sending of one batch (retries, progress, outcome) in [BatchSender].
 *
 * ### Slots
 * Up to `maxConcurrentExports` batches are in flight; each holds a slot until it is delivered or
 * dropped, retrying meanwhile, so with every slot taken new spans wait in the queue, which drops
 * only when full (count or bytes; bytes of taken spans count until they are resolved).
 */
internal class BatchingPipeline(
    private val exporter: SpanExporter,
    private val config: BatchingConfig,
    private val parentScope: CoroutineScope,
    private val clock: Clock,
    private val log: ThrottledLogger,
    private val random: Random = Random.Default,
    outcomes: SpanOutcomes? = null,
    countsRecorded: Boolean = false,
) {
    private sealed class Control(val done: CompletableDeferred<Unit>, val deadlineNanos: Long, val mark: Long) {
        class Flush(done: CompletableDeferred<Unit>, deadlineNanos: Long, mark: Long) : Control(done, deadlineNanos, mark)
        class Shutdown(done: CompletableDeferred<Unit>, deadlineNanos: Long, mark: Long) : Control(done, deadlineNanos, mark)
    }

    private val queue = Channel<SpanData>(config.queueCapacity)
    private val control = Channel<Control>(Channel.UNLIMITED)
    private val counts = PipelineAccounting(config, log, outcomes, countsRecorded)
    private val pending = counts.pending
    private val enqueued = counts.enqueued
    private val sender = BatchSender(exporter, config, counts, log, random)

    @Volatile
    private var accepting = true
    private val shutdownStarted = AtomicBoolean()

    /** Whether a batch went to the exporter after its last `flush()` call (an empty flush can skip the round trip only when not). */
    @Volatile
    private var exporterFlushDue = false

    /** Set once `exporter.shutdown()` has returned. */
    @Volatile
    private var exporterClosed = false
    private lateinit var job: Job

    // Consumer-only state.
    private val batch = ArrayList<SpanData>()
    private var batchBytes = 0L
    private var dequeued = 0L
    private var batchStartNanos = 0L

    // Exports in flight: each holds a permit until its batch is delivered or dropped.
    private val permits = Semaphore(config.maxConcurrentExports)
    private val inFlight = AtomicInteger()
    private val batchDone = Channel<Unit>(Channel.CONFLATED)

    /** Signalled once per `maxBatchSize` spans enqueued: the consumer sleeps until then (or the interval). */
    private val wake = Channel<Unit>(Channel.CONFLATED)

    /** Set when the consumer slept a whole interval: whatever is queued is old enough to send. */
    private var due = false

    private val maxBatch = config.maxBatchSize
    private val intervalNanos = config.flushInterval.inWholeNanoseconds

    fun start() {
        job = parentScope.launch { supervise() }
    }

    // ---- producer side ----

    fun offer(span: SpanData) {
        counts.offered()
        if (!accepting) return counts.refused(span, DropReason.ALREADY_SHUTDOWN)
        val bytes = span.estimatedBytes.toLong()
        if (!counts.reserveBytes(bytes)) return counts.refused(span, DropReason.BUFFER_FULL)
        pending.incrementAndGet()
        if (queue.trySend(span).isSuccess) {
            if (enqueued.incrementAndGet() % maxBatch == 0L) wake.trySend(Unit)
        } else {
            pending.decrementAndGet()
            counts.releaseBytes(bytes)
            counts.refused(span, if (accepting) DropReason.QUEUE_FULL else DropReason.ALREADY_SHUTDOWN)
        }
    }

    fun snapshot(): ExportCounts = counts.snapshot(destinationName())

    private fun destinationName(): String = try {
        exporter.toString()
    } catch (e: Exception) {
        exporter.javaClass.name
    }

    /** Estimated bytes of the spans this destination holds (queued, batched or in flight). */
    fun bufferedBytes(): Long = counts.bufferedBytes()

    suspend fun flush(timeout: Duration): ExportCounts {
        // Nothing accepted is unresolved and the exporter has flushed everything it was given:
        // every span ended before this call has already been handed over, so answer at once.
        if (pending.get() == 0L && !exporterFlushDue) return snapshot()
        val done = CompletableDeferred<Unit>()
        val deadline = clock.nanoTime() + timeout.inWholeNanoseconds
        if (control.trySend(Control.Flush(done, deadline, enqueued.get())).isSuccess) {
            withTimeoutOrNull(timeout) { done.await() }
        }
        return snapshot()
    }

    suspend fun shutdown(timeout: Duration): ExportCounts {
        if (!shutdownStarted.compareAndSet(false, true)) return snapshot()
        accepting = false
        val done = CompletableDeferred<Unit>()
        val deadline = clock.nanoTime() + timeout.inWholeNanoseconds
        control.trySend(Control.Shutdown(done, deadline, enqueued.get()))
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

    // ---- consumer side ----

    private suspend fun supervise() {
        while (true) {
            try {
                supervisorScope { loop(this) }
                return
            } catch (e: CancellationException) {
                throw e
            } catch (t: Throwable) {
                if (t is VirtualMachineError) throw t
                log.error("loop-failure", "Spanwise: export loop failed ({}); restarting", t.toString())
                delay(LOOP_RESTART_DELAY_MS)
            }
        }
    }

    @OptIn(ExperimentalCoroutinesApi::class)
    private suspend fun loop(exports: CoroutineScope) {
        while (true) {
            val pendingControl = control.tryReceive().getOrNull()
            if (pendingControl != null) {
                if (handle(pendingControl, exports)) return
                continue
            }
            if (permits.availablePermits == 0) {
                // Every export slot is busy (or retrying): leave new spans in the queue, which
                // drops only when full, and wait for a slot or a request.
                val c = select<Control?> {
                    control.onReceive { it }
                    batchDone.onReceive { null }
                }
                if (c != null && handle(c, exports)) return
                continue
            }
            fillBatch()
            val now = clock.nanoTime()
            if (batch.size >= maxBatch || (batch.isNotEmpty() && (due || now - batchStartNanos >= intervalNanos))) {
                permits.acquire()
                dispatch(exports)
                continue
            }
            due = false
            val c = select<Control?> {
                control.onReceive { it }
                // Not woken per span: only when a batch's worth has arrived, or after the interval.
                wake.onReceive { null }
                val waitNanos = if (batch.isEmpty()) intervalNanos else intervalNanos - (now - batchStartNanos)
                onTimeout(nanosToMillisCeil(waitNanos)) {
                    due = true
                    null
                }
            }
            if (c != null && handle(c, exports)) return
        }
    }

    /** Handles a flush or shutdown request; returns `true` when the loop must stop. */
    private suspend fun handle(c: Control, exports: CoroutineScope): Boolean {
        val complete = drainAndExport(c.mark, c.deadlineNanos, exports)
        val remaining = c.deadlineNanos - clock.nanoTime()
        if (remaining > 0) {
            withTimeoutOrNull(nanosToMillisCeil(remaining)) {
                safeExporterCall {
                    if (c is Control.Shutdown) {
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
        return c is Control.Shutdown
    }

    /**
     * Sends every span enqueued before [mark] and waits until no export is in flight, or until
     * [deadline]. Returns whether everything was resolved in time.
     */
    private suspend fun drainAndExport(mark: Long, deadline: Long, exports: CoroutineScope): Boolean {
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

    private fun fillBatch() {
        while (batch.size < maxBatch) {
            val span = queue.tryReceive().getOrNull() ?: return
            take(span)
        }
    }

    private fun take(span: SpanData) {
        if (batch.isEmpty()) batchStartNanos = clock.nanoTime()
        batch.add(span)
        batchBytes += span.estimatedBytes
        dequeued++
    }

    /** Hands the current batch to its own export coroutine; the caller holds a permit for it. */
    private fun dispatch(exports: CoroutineScope) {
        val toSend = batch.toList()
        val bytes = batchBytes
        batch.clear()
        batchBytes = 0
        inFlight.incrementAndGet()
        exporterFlushDue = true
        val call = sender.newCall()
        exports.launch(call) {
            try {
                sender.send(toSend, bytes, call)
            } finally {
                inFlight.decrementAndGet()
                permits.release()
                batchDone.trySend(Unit)
            }
        }
    }

    private suspend inline fun safeExporterCall(crossinline call: suspend () -> ExportResult) {
        try {
            call()
        } catch (e: CancellationException) {
            throw e
        } catch (t: Throwable) {
            if (t is VirtualMachineError) throw t
            log.error("exporter-threw", "Spanwise: exporter {} threw {}", exporter, t.toString())
        }
    }

    private companion object {
        const val LOOP_RESTART_DELAY_MS = 100L
        const val EXPORTER_CLOSE_GRACE_MS = 200L

        fun nanosToMillisCeil(nanos: Long): Long = if (nanos <= 0) 0 else (nanos + 999_999) / 1_000_000
    }
}
