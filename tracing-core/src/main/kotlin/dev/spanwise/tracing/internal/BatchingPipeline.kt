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
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull
import java.util.EnumMap
import java.util.concurrent.atomic.AtomicBoolean
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
    private lateinit var job: Job

    // Consumer-only state.
    private val batch = ArrayList<SpanData>()
    private var dequeued = 0L
    private var batchStartNanos = 0L
    private var failures = 0
    private var retryAtNanos = 0L
    private var warnedDrops = 0L

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
            enqueued.incrementAndGet()
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

    /** Spans currently queued (not yet taken by the consumer). */
    fun queued(): Long = enqueued.get() - dequeued

    suspend fun flush(timeout: Duration): FlushResult {
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
        val finished = withTimeoutOrNull(timeout) { done.await() } != null
        withContext(NonCancellable) {
            job.cancelAndJoin()
            queue.close()
            var left = batch.size.toLong()
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
            if (!finished) withTimeoutOrNull(EXPORTER_CLOSE_GRACE_MS) { safeExporterCall { exporter.shutdown() } }
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
                loop()
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
    private suspend fun loop() {
        while (true) {
            val pendingControl = control.tryReceive().getOrNull()
            if (pendingControl != null) {
                if (handle(pendingControl)) return
                continue
            }
            val now = clock.nanoTime()
            if (retryAtNanos != 0L) {
                if (now >= retryAtNanos) {
                    attempt(Long.MAX_VALUE)
                    continue
                }
                val c = select<Control?> {
                    control.onReceive { it }
                    onTimeout(nanosToMillisCeil(retryAtNanos - now)) { null }
                }
                if (c != null && handle(c)) return
                continue
            }
            fillBatch()
            if (batch.size >= maxBatch || (batch.isNotEmpty() && now - batchStartNanos >= intervalNanos)) {
                attempt(Long.MAX_VALUE)
                continue
            }
            val c = select<Control?> {
                control.onReceive { it }
                queue.onReceive {
                    take(it)
                    null
                }
                if (batch.isNotEmpty()) onTimeout(nanosToMillisCeil(intervalNanos - (now - batchStartNanos))) { null }
            }
            if (c != null && handle(c)) return
        }
    }

    /** Handles a flush or shutdown request; returns `true` when the loop must stop. */
    private suspend fun handle(c: Control): Boolean {
        val complete = drainAndExport(c.mark, c.deadlineNanos)
        val remaining = c.deadlineNanos - clock.nanoTime()
        if (remaining > 0) {
            withTimeoutOrNull(nanosToMillisCeil(remaining)) {
                safeExporterCall { if (c is Control.Shutdown) exporter.shutdown() else exporter.flush() }
            }
        }
        if (!complete) log.debug("Spanwise: flush deadline reached with {} spans pending", pending.get())
        c.done.complete(Unit)
        return c is Control.Shutdown
    }

    /** Exports until every span enqueued before [mark] is resolved, or [deadline] passes. */
    private suspend fun drainAndExport(mark: Long, deadline: Long): Boolean {
        while (true) {
            fillBatch()
            if (batch.isEmpty() || (dequeued >= mark && batch.isEmpty())) return true
            val now = clock.nanoTime()
            if (now >= deadline) return false
            if (retryAtNanos != 0L && now < retryAtNanos) {
                delay(nanosToMillisCeil(minOf(retryAtNanos, deadline) - now))
                continue
            }
            attempt(deadline)
            if (dequeued >= mark && batch.isEmpty()) return true
        }
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

    /** Sends the head batch once. Retryable failures keep it and schedule the next attempt. */
    private suspend fun attempt(deadline: Long) {
        if (batch.isEmpty()) {
            retryAtNanos = 0L
            return
        }
        val n = batch.size.toLong()
        val toSend = batch.toList()
        val timeoutNanos = minOf(config.exportTimeout.inWholeNanoseconds, deadline - clock.nanoTime())
        val result = try {
            withTimeoutOrNull(nanosToMillisCeil(timeoutNanos)) { exporter.export(toSend) }
                ?: ExportResult.Failure(null, retryable = true)
        } catch (e: CancellationException) {
            throw e
        } catch (t: Throwable) {
            if (t is VirtualMachineError) throw t
            log.error("exporter-threw", "Spanwise: exporter {} threw {}; batch dropped", exporter, t.toString())
            ExportResult.Failure(t, retryable = false, reason = DropReason.SERIALIZATION_ERROR)
        }
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
            is ExportResult.Failure -> if (result.retryable) {
                failures++
                retryAtNanos = clock.nanoTime() + backoffNanos(failures, result.retryAfterMillis)
                log.warn(
                    "retry",
                    "Spanwise: export of {} spans failed ({}); retrying in {} ms",
                    n,
                    describe(result),
                    (retryAtNanos - clock.nanoTime()) / 1_000_000,
                )
                return
            } else {
                drop(result.reason, n)
                log.warn("dropped-" + result.reason, "Spanwise: {} spans dropped ({}): {}", n, result.reason, describe(result))
            }
        }
        batch.clear()
        pending.addAndGet(-n)
        failures = 0
        retryAtNanos = 0L
        warnQueueDrops()
    }

    private fun describe(f: ExportResult.Failure): String =
        f.cause?.let { ThrottledLogger.escape(it.javaClass.simpleName + ": " + it.message) } ?: "timeout"

    private fun warnQueueDrops() {
        val total = dropped.get(DropReason.QUEUE_FULL.ordinal) + dropped.get(DropReason.BUFFER_FULL.ordinal)
        if (total > warnedDrops) {
            log.warn(
                "queue-drops",
                "Spanwise: dropped {} spans because the export queue was full (capacity {} spans, {} bytes); " +
                    "the exporter is not keeping up",
                total - warnedDrops,
                config.queueCapacity,
                config.maxBufferedBytes,
            )
            warnedDrops = total
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
