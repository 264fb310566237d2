package dev.spanwise.tracing.internal

import dev.spanwise.tracing.FlushResult
import dev.spanwise.tracing.export.BatchingConfig
import dev.spanwise.tracing.export.DropReason
import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.export.SpanData
import dev.spanwise.tracing.export.SpanExporter
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
import java.util.EnumMap
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import java.util.concurrent.atomic.AtomicLongArray
import kotlin.random.Random
import kotlin.time.Duration

/**
 * One destination's export queue: a bounded [Channel] fed by `trySend` from span end (never
 * blocks, never suspends), drained by one consumer coroutine that sends batches at
 * `maxBatchSize` or after `flushInterval`.
 *
 * ### Accounting
 * `enqueued == exported + Σ dropped(after enqueue) + pending` at all times; spans refused at the door
 * are counted as dropped without ever being pending. Every drop has exactly one [DropReason].
 *
 * ### Retries
 * A batch that fails with a retryable error stays at the head and is retried with exponential
 * backoff (1 s × 1.5ⁿ, jitter ±20 %, capped at `maxRetryBackoff`) or the server's `Retry-After`;
 * meanwhile new spans wait in the queue, which drops only when full.
 */
internal class BatchingPipeline(
    private val exporter: SpanExporter,
    private val config: BatchingConfig,
    private val parentScope: CoroutineScope,
    private val clock: Clock,
    private val log: ThrottledLogger,
    private val random: Random = Random.Default,
) {
    private sealed class Control(val done: CompletableDeferred<Unit>, val deadlineNanos: Long, val mark: Long) {
        class Flush(done: CompletableDeferred<Unit>, deadlineNanos: Long, mark: Long) : Control(done, deadlineNanos, mark)
        class Shutdown(done: CompletableDeferred<Unit>, deadlineNanos: Long, mark: Long) : Control(done, deadlineNanos, mark)
    }

    private val queue = Channel<SpanData>(config.queueCapacity)
    private val control = Channel<Control>(Channel.UNLIMITED)
    private val queuedBytes = AtomicLong()
    private val pending = AtomicLong()
    private val enqueued = AtomicLong()
    private val exported = AtomicLong()
    private val dropped = AtomicLongArray(DropReason.entries.size)

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
    private var dequeued = 0L
    private var batchStartNanos = 0L
    private val warnedDrops = AtomicLong()

    // Exports in flight: each holds a permit until its batch is delivered or dropped.
    private val permits = Semaphore(config.maxConcurrentExports)
    private val inFlight = AtomicInteger()
    private val inFlightSpans = AtomicLong()
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
        if (!accepting) return drop(DropReason.ALREADY_SHUTDOWN, 1)
        val bytes = span.estimatedBytes.toLong()
        if (queuedBytes.addAndGet(bytes) > config.maxBufferedBytes) {
            queuedBytes.addAndGet(-bytes)
            return drop(DropReason.BUFFER_FULL, 1)
        }
        pending.incrementAndGet()
        if (queue.trySend(span).isSuccess) {
            if (enqueued.incrementAndGet() % maxBatch == 0L) wake.trySend(Unit)
        } else {
            pending.decrementAndGet()
            queuedBytes.addAndGet(-bytes)
            drop(if (accepting) DropReason.QUEUE_FULL else DropReason.ALREADY_SHUTDOWN, 1)
        }
    }

    fun snapshot(): FlushResult {
        val map = EnumMap<DropReason, Long>(DropReason::class.java)
        for (r in DropReason.entries) {
            val n = dropped.get(r.ordinal)
            if (n != 0L) map[r] = n
        }
        return FlushResult(exported.get(), map, pending.get())
    }

    suspend fun flush(timeout: Duration): FlushResult {
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

    suspend fun shutdown(timeout: Duration): FlushResult {
        if (!shutdownStarted.compareAndSet(false, true)) return snapshot()
        accepting = false
        val done = CompletableDeferred<Unit>()
        val deadline = clock.nanoTime() + timeout.inWholeNanoseconds
        control.trySend(Control.Shutdown(done, deadline, enqueued.get()))
        withTimeoutOrNull(timeout) { done.await() }
        withContext(NonCancellable) {
            job.cancelAndJoin()
            queue.close()
            var left = batch.size.toLong() + inFlightSpans.getAndSet(0)
            batch.clear()
            while (true) {
                val span = queue.tryReceive().getOrNull() ?: break
                queuedBytes.addAndGet(-span.estimatedBytes.toLong())
                left++
            }
            if (left > 0) {
                pending.addAndGet(-left)
                drop(DropReason.SHUTDOWN_TIMEOUT, left)
                log.warn("shutdown-timeout", "Spanwise: shutdown timed out after {}; {} spans not delivered", timeout, left)
            }
            // The loop closes the exporter only when its deadline leaves time; whenever it did not
            // (even if it signalled `done` just in time), close it here so its client never leaks.
            if (!exporterClosed) withTimeoutOrNull(EXPORTER_CLOSE_GRACE_MS) { safeExporterCall { exporter.shutdown() } }
        }
        return snapshot()
    }

    private fun drop(reason: DropReason, n: Long) {
        dropped.addAndGet(reason.ordinal, n)
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
        dequeued++
        queuedBytes.addAndGet(-span.estimatedBytes.toLong())
    }

    /** Hands the current batch to its own export coroutine; the caller holds a permit for it. */
    private fun dispatch(exports: CoroutineScope) {
        val toSend = batch.toList()
        batch.clear()
        inFlight.incrementAndGet()
        inFlightSpans.addAndGet(toSend.size.toLong())
        exporterFlushDue = true
        exports.launch {
            try {
                sendUntilResolved(toSend)
            } finally {
                inFlight.decrementAndGet()
                permits.release()
                batchDone.trySend(Unit)
            }
        }
    }

    /**
     * Sends [batch] until it is delivered or dropped. A retryable failure is retried after a
     * backoff (1 s × 1.5ⁿ, jitter ±20 %, capped) or the server's `Retry-After`, while the batch keeps
     * its permit — so with every permit taken, new spans wait in the queue.
     */
    private suspend fun sendUntilResolved(batch: List<SpanData>) {
        val n = batch.size.toLong()
        var failures = 0
        while (true) {
            val result = exportOnce(batch)
            if (result is ExportResult.Failure && result.retryable) {
                failures++
                val waitNanos = backoffNanos(failures, result.retryAfterMillis)
                log.warn("retry", "Spanwise: export of {} spans failed ({}); retrying in {} ms", n, describe(result), waitNanos / 1_000_000)
                delay(nanosToMillisCeil(waitNanos))
                continue
            }
            resolve(result, n)
            return
        }
    }

    private suspend fun exportOnce(batch: List<SpanData>): ExportResult = try {
        withTimeoutOrNull(config.exportTimeout.inWholeMilliseconds) { exporter.export(batch) }
            ?: ExportResult.Failure(null, retryable = true)
    } catch (e: CancellationException) {
        throw e
    } catch (t: Throwable) {
        if (t is VirtualMachineError) throw t
        log.error("exporter-threw", "Spanwise: exporter {} threw {}; batch dropped", exporter, t.toString())
        ExportResult.Failure(t, retryable = false, reason = DropReason.SERIALIZATION_ERROR)
    }

    /** Accounts a batch's final outcome; runs without suspending, so cancellation cannot split it. */
    private fun resolve(result: ExportResult, n: Long) {
        when (result) {
            is ExportResult.Success -> exported.addAndGet(n)
            is ExportResult.PartialSuccess -> {
                val rejected = result.rejected.coerceIn(0, n)
                exported.addAndGet(n - rejected)
                if (result.reasons.isEmpty() || result.reasons.values.sum() != rejected) {
                    drop(DropReason.REJECTED_BY_SERVER, rejected)
                } else {
                    for ((reason, count) in result.reasons) drop(reason, count)
                }
                if (rejected > 0) {
                    log.warn("partial", "Spanwise: backend rejected {} of {} spans: {}", rejected, n, ThrottledLogger.escape(result.message))
                }
            }
            is ExportResult.Failure -> {
                drop(result.reason, n)
                log.warn("dropped-" + result.reason, "Spanwise: {} spans dropped ({}): {}", n, result.reason, describe(result))
            }
        }
        inFlightSpans.addAndGet(-n)
        pending.addAndGet(-n)
        warnQueueDrops()
    }

    private fun describe(f: ExportResult.Failure): String =
        f.cause?.let { ThrottledLogger.escape(it.javaClass.simpleName + ": " + it.message) } ?: "timeout"

    private fun warnQueueDrops() {
        val total = dropped.get(DropReason.QUEUE_FULL.ordinal) + dropped.get(DropReason.BUFFER_FULL.ordinal)
        val previous = warnedDrops.get()
        if (total > previous && warnedDrops.compareAndSet(previous, total)) {
            log.warn(
                "queue-drops",
                "Spanwise: dropped {} spans because the export queue was full (capacity {} spans, {} bytes); " +
                    "the exporter is not keeping up",
                total - previous,
                config.queueCapacity,
                config.maxBufferedBytes,
            )
        }
    }

    private fun backoffNanos(failures: Int, retryAfterMillis: Long?): Long {
        if (retryAfterMillis != null && retryAfterMillis >= 0) return retryAfterMillis * 1_000_000L
        var base = INITIAL_BACKOFF_NANOS.toDouble()
        repeat(failures - 1) { base *= BACKOFF_MULTIPLIER }
        val capped = minOf(base, config.maxRetryBackoff.inWholeNanoseconds.toDouble())
        return (capped * (0.8 + 0.4 * random.nextDouble())).toLong()
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
        const val INITIAL_BACKOFF_NANOS = 1_000_000_000L
        const val BACKOFF_MULTIPLIER = 1.5
        const val LOOP_RESTART_DELAY_MS = 100L
        const val EXPORTER_CLOSE_GRACE_MS = 200L

        fun nanosToMillisCeil(nanos: Long): Long = if (nanos <= 0) 0 else (nanos + 999_999) / 1_000_000
    }
}
