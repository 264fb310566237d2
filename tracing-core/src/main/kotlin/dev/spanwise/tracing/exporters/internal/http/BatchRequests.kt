package dev.spanwise.tracing.exporters.internal.http

import dev.spanwise.tracing.export.DropReason
import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.model.SpanData
import kotlinx.coroutines.currentCoroutineContext

/**
 * How a vendor exporter turns a batch into requests: the one piece the shared [BatchRequests]
 * loop asks of it. [P] is one request's worth of content.
 */
internal interface RequestPlan<P> {
    /** Splits [spans] into requests within the backend's limits; spans that can never fit are dropped into [progress]. */
    fun parts(spans: List<SpanData>, progress: BatchProgress): List<P>

    /** The spans a request delivers. */
    fun spansOf(part: P): List<SpanData>

    /** Two smaller requests carrying [part]'s content, or `null` when it holds one span. */
    fun halves(part: P): List<P>?

    /** A smaller form of a one-span request (oversize fields cut), or `null` when there is none left to try. */
    fun shrunk(part: P): P? = null

    /** Encodes and posts one request. */
    suspend fun post(part: P, callStart: Long, onDelivered: () -> Unit): HttpTransport.Outcome

    /** Spans of a delivered [part] the backend says it rejected, and its message, from the 2xx [body]. */
    fun rejected(part: P, body: String): Pair<Long, String?>
}

/** [items] split in two halves for a request answered 413, or `null` when it holds fewer than two. */
internal fun <T> halvesOf(items: List<T>): List<List<T>>? =
    if (items.size < 2) null else listOf(items.subList(0, items.size / 2), items.subList(items.size / 2, items.size))

/**
 * The one loop behind every exporter whose batch may need several requests (2Signal above 1,000
 * events or 5 MB, Tracentic and 2Signal halving a request answered 413).
 *
 * ### Progress
 * Every span of the batch is accounted exactly once in the batch's [BatchProgress], as soon as
 * its request's 2xx arrives (or it is dropped). Under the pipeline the progress lives in the
 * [ExportCall] and outlives the call: a call that ends early — a retryable failure, its budget
 * used up, a timeout or any cancellation — leaves it behind, and the next call for the batch sends
 * only the spans not yet handled, already split below the smallest size answered 413. No request
 * is sent again after its 2xx.
 *
 * ### Budget
 * The first request of a call always starts; a later one starts only when the rest of the call's
 * budget covers a request as long as the last one. Otherwise the call ends with a retryable
 * failure and the pipeline continues the batch in a new call right away.
 *
 * ### Concurrency
 * Holds no state: concurrent calls (several batches in flight) each have their own progress.
 */
internal class BatchRequests(private val transport: HttpTransport) {
    suspend fun <P> export(batch: List<SpanData>, plan: RequestPlan<P>): ExportResult {
        val progress = currentCoroutineContext()[ExportCall]?.progress ?: BatchProgress()
        val todo = progress.remaining(batch)
        if (todo.isEmpty()) return progress.result(batch.size, null)
        val callStart = transport.time.nanoTime()
        val budget = transport.budgetMillis(currentCoroutineContext()[ExportCall])
        val work = ArrayDeque(plan.parts(todo, progress))
        var lastFailure: ExportResult.Failure? = null
        var sent = 0
        while (work.isNotEmpty()) {
            val part = work.removeFirst()
            // A size the backend already refused is split before sending, also in a later call.
            val split = if (plan.spansOf(part).size >= progress.tooLargeAt) plan.halves(part) else null
            if (split != null) {
                split.asReversed().forEach { work.addFirst(it) }
                continue
            }
            if (sent > 0 && !transport.fitsBudget(callStart, budget)) return budgetUsedUp(sent)
            sent++
            val spans = plan.spansOf(part)
            when (val outcome = plan.post(part, callStart) { progress.delivered(spans) }) {
                is HttpTransport.Outcome.Delivered -> {
                    progress.delivered(spans)
                    val (rejected, message) = plan.rejected(part, outcome.body)
                    if (rejected > 0) progress.reject(minOf(rejected, spans.size.toLong()), message)
                }
                is HttpTransport.Outcome.Failed -> {
                    if (outcome.failure.retryable) return outcome.failure
                    lastFailure = outcome.failure
                    progress.drop(outcome.failure.reason, spans)
                }
                HttpTransport.Outcome.TooLarge -> {
                    progress.tooLargeAt = minOf(progress.tooLargeAt, spans.size)
                    val halves = plan.halves(part)
                    val smaller = if (halves == null) plan.shrunk(part) else null
                    when {
                        halves != null -> halves.asReversed().forEach { work.addFirst(it) }
                        smaller != null -> work.addFirst(smaller)
                        else -> {
                            lastFailure = TOO_LARGE
                            progress.drop(DropReason.TOO_LARGE, spans)
                        }
                    }
                }
            }
        }
        return progress.result(batch.size, lastFailure)
    }

    private fun budgetUsedUp(sent: Int): ExportResult.Failure = ExportResult.Failure(
        ExportException("export call budget used up after $sent requests; the rest of the batch follows in the next call"),
        retryable = true,
        reason = DropReason.RETRIES_EXHAUSTED,
    )

    private companion object {
        val TOO_LARGE = ExportResult.Failure(null, retryable = false, reason = DropReason.TOO_LARGE)
    }
}
