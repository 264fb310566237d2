package dev.spanwise.tracing.internal.pipeline

import dev.spanwise.tracing.export.BatchingConfig
import dev.spanwise.tracing.export.DropReason
import dev.spanwise.tracing.export.ExportCounts
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.internal.Clock
import dev.spanwise.tracing.model.internal.ThrottledLogger
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.selects.onTimeout
import kotlinx.coroutines.selects.select
import kotlinx.coroutines.supervisorScope
import kotlinx.coroutines.sync.Semaphore
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import kotlin.random.Random

/**
 * One destination's export queue: a bounded [Channel] fed by `trySend` from span end (never
 * blocks, never suspends), drained by one consumer coroutine that sends batches at
 * `maxBatchSize` or after `flushInterval`.
 *
 * This file holds the queue, the consumer loop and its export slots; the flush/shutdown protocol
 * lives in PipelineControl.kt ([flush], [shutdown]), the counts in [PipelineAccounting] and the
 * sending of one batch (retries, progress, outcome) in [BatchSender].
 *
 * ### Slots
 * Up to `maxConcurrentExports` batches are in flight; each holds a slot until it is delivered or
 * dropped, retrying meanwhile, so with every slot taken new spans wait in the queue, which drops
 * only when full (count or bytes; bytes of taken spans count until they are resolved).
 */
internal class BatchingPipeline(
    internal val exporter: SpanExporter,
    private val config: BatchingConfig,
    private val parentScope: CoroutineScope,
    internal val clock: Clock,
    internal val log: ThrottledLogger,
    private val random: Random = Random.Default,
    outcomes: SpanOutcomes? = null,
    countsRecorded: Boolean = false,
) {
    // Members marked `internal` are shared with the flush/shutdown protocol (PipelineControl.kt).
    internal val queue = Channel<SpanData>(config.queueCapacity)
    internal val control = Channel<ControlRequest>(Channel.UNLIMITED)
    internal val counts = PipelineAccounting(config, log, outcomes, countsRecorded)
    internal val pending = counts.pending
    internal val enqueued = counts.enqueued
    internal val sender = BatchSender(exporter, config, counts, log, random)

    @Volatile
    internal var accepting = true
    internal val shutdownStarted = AtomicBoolean()

    /** Whether a batch went to the exporter after its last `flush()` call (an empty flush can skip the round trip only when not). */
    @Volatile
    internal var exporterFlushDue = false

    /** Set once `exporter.shutdown()` has returned. */
    @Volatile
    internal var exporterClosed = false
    internal lateinit var job: Job

    // Consumer-only state.
    internal val batch = ArrayList<SpanData>()
    internal var batchBytes = 0L
    internal var dequeued = 0L
    private var batchStartNanos = 0L

    // Exports in flight: each holds a permit until its batch is delivered or dropped.
    internal val permits = Semaphore(config.maxConcurrentExports)
    internal val inFlight = AtomicInteger()
    internal val batchDone = Channel<Unit>(Channel.CONFLATED)

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
                val c = select<ControlRequest?> {
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
            val c = select<ControlRequest?> {
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

    internal fun fillBatch() {
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
    internal fun dispatch(exports: CoroutineScope) {
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

    private companion object {
        const val LOOP_RESTART_DELAY_MS = 100L
    }
}

/** Milliseconds covering [nanos], rounded up (a wait never ends early); 0 for none. */
internal fun nanosToMillisCeil(nanos: Long): Long = if (nanos <= 0) 0 else (nanos + 999_999) / 1_000_000
