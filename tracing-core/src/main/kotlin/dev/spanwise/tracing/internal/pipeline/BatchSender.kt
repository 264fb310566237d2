package dev.spanwise.tracing.internal.pipeline

import dev.spanwise.tracing.export.BatchingConfig
import dev.spanwise.tracing.export.DropReason
import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.exporters.internal.http.BatchProgress
import dev.spanwise.tracing.exporters.internal.http.ExportCall
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.model.internal.Backoff
import dev.spanwise.tracing.model.internal.ThrottledLogger
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeoutOrNull
import java.util.Collections
import java.util.IdentityHashMap
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.TimeoutException
import kotlin.random.Random

/**
 * Sends one batch at a time per calling coroutine until it is delivered or dropped, and accounts
 * the outcome. Several batches may be in flight at once (`maxConcurrentExports`); each keeps its
 * own [BatchProgress], handed to the exporter in an [ExportCall] so a multi-request batch resumes
 * where an interrupted call left it.
 *
 * ### Retries
 * A retryable failure is retried after the wait [Backoff.betweenCalls] gives. A call that delivered part of
 * the batch and stopped only because its time ran out is continued at once.
 */
internal class BatchSender(
    private val exporter: SpanExporter,
    private val config: BatchingConfig,
    private val counts: PipelineAccounting,
    private val log: ThrottledLogger,
    private val random: Random,
) {
    private class InFlight(val spans: List<SpanData>, val bytes: Long, val progress: BatchProgress)

    private val inFlight: MutableSet<InFlight> = ConcurrentHashMap.newKeySet()
    private val timeoutMillis = config.exportTimeout.inWholeMilliseconds
    private val callBudgetMillis = timeoutMillis - minOf(1_000L, timeoutMillis / 10)
    private val maxBackoffMillis = config.maxRetryBackoff.inWholeMilliseconds

    /**
     * The context element of one batch's export calls. The caller runs [send] in a coroutine whose
     * context holds it (no extra coroutine per call).
     */
    fun newCall(): ExportCall = ExportCall(callBudgetMillis, maxBackoffMillis, BatchProgress())

    /**
     * Sends [batch] (whose spans' estimated bytes sum to [bytes]) until it is delivered or dropped;
     * runs in a coroutine whose context holds [call].
     */
    suspend fun send(batch: List<SpanData>, bytes: Long, call: ExportCall) {
        val b = InFlight(batch, bytes, call.progress)
        inFlight.add(b)
        var failures = 0
        while (true) {
            val before = b.progress.handledCount
            val result = exportOnce(b)
            if (result is ExportResult.Failure && result.retryable) {
                val advanced = b.progress.handledCount > before
                if (advanced && result.retryAfterMillis == null && result.suggestedBackoffMillis == null) {
                    failures = 0
                    continue
                }
                failures++
                val wait = Backoff.betweenCalls(failures, result.retryAfterMillis, result.suggestedBackoffMillis, maxBackoffMillis, random)
                log.warn("retry", "Spanwise: export of {} spans failed ({}); retrying in {} ms", batch.size, describe(result), wait)
                delay(wait)
                continue
            }
            resolve(result, b)
            return
        }
    }

    /**
     * Accounts every batch still in flight after its coroutine was cancelled (shutdown): what its
     * calls delivered as exported, what they dropped by reason, the rest as [DropReason.SHUTDOWN_TIMEOUT].
     * Returns the spans counted as shutdown timeouts. Call only once no export coroutine runs.
     */
    fun abandonAll(): Long {
        var left = 0L
        for (b in inFlight.toList()) {
            inFlight.remove(b)
            val n = b.spans.size.toLong()
            val unhandled = b.progress.remaining(b.spans)
            val open: MutableSet<SpanData> = Collections.newSetFromMap(IdentityHashMap())
            open.addAll(unhandled)
            counts.resolved(b.spans.filter { it !in open }, b.progress.deliveredCount, b.progress.droppedCounts())
            counts.resolved(unhandled, 0, mapOf(DropReason.SHUTDOWN_TIMEOUT to unhandled.size.toLong()))
            left += unhandled.size
            counts.pending.addAndGet(-n)
            counts.releaseBytes(b.bytes)
        }
        return left
    }

    private suspend fun exportOnce(b: InFlight): ExportResult = try {
        withTimeoutOrNull(timeoutMillis) { exporter.export(b.spans) }
            ?: ExportResult.Failure(TimeoutException("export call exceeded exportTimeout (${config.exportTimeout})"), retryable = true)
    } catch (e: CancellationException) {
        throw e
    } catch (t: Throwable) {
        if (t is VirtualMachineError) throw t
        log.error("exporter-threw", "Spanwise: exporter {} threw {}; batch dropped", exporter, t.toString())
        ExportResult.Failure(t, retryable = false, reason = DropReason.SERIALIZATION_ERROR)
    }

    /** Accounts a batch's final outcome; runs without suspending, so cancellation cannot split it. */
    private fun resolve(result: ExportResult, b: InFlight) {
        val n = b.spans.size.toLong()
        when (result) {
            is ExportResult.Success -> counts.resolved(b.spans, n, emptyMap())
            is ExportResult.PartialSuccess -> {
                val rejected = result.rejected.coerceIn(0, n)
                val reasons = if (result.reasons.isEmpty() || result.reasons.values.sum() != rejected) {
                    mapOf(DropReason.REJECTED_BY_SERVER to rejected)
                } else {
                    result.reasons
                }
                counts.resolved(b.spans, n - rejected, reasons)
                if (rejected > 0) {
                    log.warn("partial", "Spanwise: backend rejected {} of {} spans: {}", rejected, n, ThrottledLogger.escape(result.message))
                }
            }
            is ExportResult.Failure -> {
                counts.resolved(b.spans, 0, mapOf(result.reason to n))
                log.warn("dropped-" + result.reason, "Spanwise: {} spans dropped ({}): {}", n, result.reason, describe(result))
            }
        }
        inFlight.remove(b)
        counts.pending.addAndGet(-n)
        counts.releaseBytes(b.bytes)
        counts.warnQueueDrops()
    }

    private fun describe(f: ExportResult.Failure): String =
        f.cause?.let { ThrottledLogger.escape(it.javaClass.simpleName + ": " + it.message) } ?: f.reason.toString()
}
