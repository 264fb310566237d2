package dev.spanwise.tracing.exporters.internal.http

import dev.spanwise.tracing.export.DropReason
import dev.spanwise.tracing.export.ExportMarks
import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.model.internal.Backoff
import dev.spanwise.tracing.model.internal.SecretScrubber
import dev.spanwise.tracing.model.internal.SpanwiseVersion
import dev.spanwise.tracing.model.internal.ThrottledLogger
import io.ktor.client.HttpClient
import io.ktor.client.request.header
import io.ktor.client.request.preparePost
import io.ktor.client.request.setBody
import io.ktor.client.statement.bodyAsChannel
import io.ktor.http.ContentType
import io.ktor.http.HttpHeaders
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.sync.withPermit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong

/**
 * The one HTTP sender behind every network exporter: POSTs a JSON body, classifies the answer
 * ([ResponseClassifier]), retries what [policy] calls retryable with backoff and jitter, honours
 * `Retry-After` exporter-wide, and never waits past the call's budget (nor starts a retry the
 * budget cannot cover). Never throws except for cancellation. Safe for concurrent calls: the state it keeps is
 * the destination's (its `Retry-After` and backoff step), never a batch's.
 *
 * Log lines are throttled per transport (per exporter).
 * Credentials never reach a log line, an exception or a result: header values are never logged,
 * and any server or exception text goes through [scrubber] and is escaped before it is.
 */
internal class HttpTransport(
    private val client: HttpClient,
    private val ownsClient: Boolean,
    private val policy: RetryPolicy,
    maxConcurrentRequests: Int,
    private val exporterName: String,
    private val scrubber: SecretScrubber,
    val time: TransportTime = TransportTime.SYSTEM,
    private val log: ThrottledLogger = ThrottledLogger("dev.spanwise.tracing.export"),
) {
    /** What became of one request (after the in-call retries). */
    sealed class Outcome {
        /** A 2xx answer and its body (at most 4 MiB, decompressed). */
        class Delivered(val status: Int, val body: String) : Outcome()

        /** The backend answered 413 and the caller asked to handle it (vendor batch splitting). */
        object TooLarge : Outcome()

        /** The request failed for good, or retrying must continue in a later call. */
        class Failed(val failure: ExportResult.Failure) : Outcome()
    }

    private val permits = Semaphore(maxConcurrentRequests)
    private val notBefore = AtomicLong(Long.MIN_VALUE)
    private val backoffStep = AtomicInteger()
    private val inFlight = AtomicInteger()
    private val classifier = ResponseClassifier(policy, exporterName, log, time, ::scrub)

    /** How long the last request took (nanoseconds): the estimate of the next one's duration. */
    private val lastRequestNanos = AtomicLong()

    /** Requests sent so far (for diagnostics and tests). */
    val requestCount = AtomicLong()

    /** The largest number of requests that were in flight at once. */
    val maxInFlightSeen = AtomicInteger()

    /**
     * Sends [body] to [url], retrying within the budget of the export call that began at [callStart]
     * (a [TransportTime.nanoTime] value). With [handle413], a 413 is returned as [Outcome.TooLarge].
     * [onDelivered] runs as soon as a 2xx status arrives, before the body is read, so a
     * cancellation after that point cannot hide the delivery.
     */
    suspend fun post(
        url: String,
        headers: Map<String, String>,
        body: ByteArray,
        gzip: Boolean,
        handle413: Boolean = false,
        callStart: Long = time.nanoTime(),
        onDelivered: (() -> Unit)? = null,
    ): Outcome = post(url, headers, RequestBody(body), gzip, handle413, callStart, onDelivered)

    /**
     * Sends [body] without copying it. When this returns, no attempt reads [body] any more; the
     * caller then calls [RequestBody.release] before reusing its buffer.
     */
    suspend fun post(
        url: String,
        headers: Map<String, String>,
        body: RequestBody,
        gzip: Boolean,
        handle413: Boolean = false,
        callStart: Long = time.nanoTime(),
        onDelivered: (() -> Unit)? = null,
    ): Outcome {
        val payload = if (gzip) body.gzipped() else body
        val start = callStart
        val call = currentCoroutineContext()[ExportCall]
        val budget = budgetMillis(call)
        val maxBackoff = minOf(policy.maxBackoffMillis, call?.maxBackoffMillis ?: Long.MAX_VALUE)
        val attempts = if (backoffStep.get() > 0) 1 else policy.maxAttempts
        var attempt = 0
        while (true) {
            val until = notBefore.get()
            val wait = if (until == Long.MIN_VALUE) 0L else (until - time.nanoTime()) / 1_000_000
            if (wait > 0) {
                if (elapsedMillis(start) + wait > budget) return retryLater(wait, null, null)
                time.sleep(wait)
            }
            // A retry is not started when the rest of the budget cannot cover a request like the last one.
            if (attempt > 0 && !fitsBudget(start, budget)) return retryLater(null, Backoff.millis(backoffStep.get(), Long.MAX_VALUE), null)
            attempt++
            val result = attemptOnce(url, headers, payload, gzip, handle413, onDelivered)
            if (result !is AttemptResult.Retry) {
                backoffStep.set(0)
                return (result as AttemptResult.Done).outcome
            }
            val step = backoffStep.incrementAndGet()
            val retryAfter = result.retryAfterMillis?.coerceAtMost(Backoff.MAX_RETRY_AFTER_MILLIS)
            if (retryAfter != null) notBefore.set(time.nanoTime() + retryAfter * 1_000_000)
            val inCall = retryAfter ?: Backoff.jitter(Backoff.millis(step, maxBackoff), time.random())
            if (attempt >= attempts || elapsedMillis(start) + inCall > budget) {
                return retryLater(retryAfter, if (retryAfter == null) Backoff.millis(step, Long.MAX_VALUE) else null, result.cause)
            }
            log.debug("Spanwise {}: attempt {} failed ({}); retrying in {} ms", exporterName, attempt, result.cause.message, inCall)
            time.sleep(inCall)
        }
    }

    /** The time one export call may spend: the configured retry budget, within the pipeline's export timeout. */
    fun budgetMillis(call: ExportCall?): Long = minOf(policy.callBudgetMillis, call?.budgetMillis ?: Long.MAX_VALUE)

    /** Whether a request started now would end within [budgetMillis] of [callStart], judged by the last request's duration. */
    fun fitsBudget(callStart: Long, budgetMillis: Long): Boolean =
        elapsedMillis(callStart) + lastRequestNanos.get() / 1_000_000 <= budgetMillis

    private fun retryLater(retryAfterMillis: Long?, suggestedBackoffMillis: Long?, cause: Throwable?): Outcome = Outcome.Failed(
        ExportResult.Failure(
            cause ?: ExportException(if (retryAfterMillis != null) "waiting for the backend's Retry-After" else "export call budget used up"),
            retryable = true,
            reason = DropReason.RETRIES_EXHAUSTED,
            retryAfterMillis = retryAfterMillis,
            suggestedBackoffMillis = suggestedBackoffMillis,
        ),
    )

    private fun elapsedMillis(start: Long): Long = (time.nanoTime() - start) / 1_000_000

    private suspend fun attemptOnce(
        url: String,
        headers: Map<String, String>,
        payload: RequestBody,
        gzip: Boolean,
        handle413: Boolean,
        onDelivered: (() -> Unit)?,
    ): AttemptResult {
        val started = time.nanoTime()
        var deliveredStatus = 0
        val onStatus: ((Int) -> Unit)? = onDelivered?.let { callback ->
            { status ->
                deliveredStatus = status
                callback()
            }
        }
        return try {
            permits.withPermit {
                val now = inFlight.incrementAndGet()
                maxInFlightSeen.accumulateAndGet(now) { a, b -> maxOf(a, b) }
                requestCount.incrementAndGet()
                try {
                    send(url, headers, payload, gzip, handle413, onStatus)
                } finally {
                    inFlight.decrementAndGet()
                    lastRequestNanos.set(time.nanoTime() - started)
                }
            }
        } catch (e: CancellationException) {
            currentCoroutineContext().ensureActive()
            AttemptResult.Retry(ExportException("request cancelled: " + e.javaClass.simpleName), null)
        } catch (t: Throwable) {
            if (t is VirtualMachineError) throw t
            // The 2xx status arrived before the failure: the request is delivered and must not be sent again.
            if (deliveredStatus != 0) AttemptResult.Done(Outcome.Delivered(deliveredStatus, "")) else classifier.exception(t)
        }
    }

    private suspend fun send(
        url: String,
        headers: Map<String, String>,
        payload: RequestBody,
        gzip: Boolean,
        handle413: Boolean,
        onDelivered: ((Int) -> Unit)?,
    ): AttemptResult =
        client.preparePost(UserInfoAuth.of(url).url) {
            header(HttpHeaders.UserAgent, SpanwiseVersion.USER_AGENT)
            header(HttpHeaders.Accept, "application/json")
            attributes.put(ExportMarks.SKIP_TRACING, Unit) // the Ktor ClientTracing plugin leaves export requests alone
            if (gzip) header(HttpHeaders.ContentEncoding, "gzip")
            for ((k, v) in headers) header(k, v)
            UserInfoAuth.of(url).authorization?.let {
                if (headers.keys.none { k -> k.equals(HttpHeaders.Authorization, true) }) header(HttpHeaders.Authorization, it)
            }
            setBody(payload.content(ContentType.Application.Json))
        }.execute { response ->
            val status = response.status.value
            if (status in 200..299) onDelivered?.invoke(status)
            val encoding = response.headers[HttpHeaders.ContentEncoding]?.trim()?.lowercase()
            val limit = if (status in 200..299) ResponseBody.MAX_BYTES else ERROR_BODY_BYTES
            val raw = ResponseBody.read(response.bodyAsChannel(), limit)
            val bodyBytes = when (encoding) {
                null, "", "identity" -> raw
                "gzip", "x-gzip" -> ResponseBody.gunzip(raw, limit)
                else -> return@execute classifier.done(
                    classifier.failure(DropReason.NON_RETRYABLE, "unsupported response Content-Encoding '${scrub(encoding)}' (HTTP $status)"),
                    error = true,
                )
            }
            val text = bodyBytes.decodeToString()
            classifier.status(status, text, response.headers[HttpHeaders.RetryAfter], handle413)
        }

    /** Server or exception text made safe to log: credentials masked ([SecretScrubber]), bounded, CR/LF escaped. */
    fun scrub(text: String?): String = ThrottledLogger.escape(scrubber.scrub(text))

    fun close() {
        if (ownsClient) client.close()
    }

    private companion object {
        const val ERROR_BODY_BYTES = 64 * 1024
    }
}
