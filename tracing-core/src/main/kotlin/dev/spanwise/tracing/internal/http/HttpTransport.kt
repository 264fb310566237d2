package dev.spanwise.tracing.internal.http

import dev.spanwise.tracing.export.DropReason
import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.internal.util.Backoff
import dev.spanwise.tracing.internal.util.SecretScrubber
import dev.spanwise.tracing.internal.util.SpanwiseVersion
import dev.spanwise.tracing.internal.util.ThrottledLogger
import io.ktor.client.HttpClient
import io.ktor.client.request.header
import io.ktor.client.request.preparePost
import io.ktor.client.request.setBody
import io.ktor.client.statement.bodyAsChannel
import io.ktor.http.ContentType
import io.ktor.http.HttpHeaders
import io.ktor.util.AttributeKey
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.sync.withPermit
import java.nio.channels.UnresolvedAddressException
import java.security.cert.CertificateException
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import javax.net.ssl.SSLException

/**
 * The one HTTP sender behind every network exporter: POSTs a JSON body, classifies the answer,
 * retries what [policy] calls retryable with backoff and jitter, honours `Retry-After`
 * exporter-wide, and never waits past the call's budget (nor starts a retry the budget cannot
 * cover). Never throws except for cancellation. Safe for concurrent calls: the state it keeps is
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
    private val authFailing = java.util.concurrent.atomic.AtomicBoolean()

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
            if (result !is Attempt.Retry) {
                backoffStep.set(0)
                return (result as Attempt.Done).outcome
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

    private sealed class Attempt {
        class Done(val outcome: Outcome) : Attempt()
        class Retry(val cause: ExportException, val retryAfterMillis: Long?) : Attempt()
    }

    private suspend fun attemptOnce(
        url: String,
        headers: Map<String, String>,
        payload: RequestBody,
        gzip: Boolean,
        handle413: Boolean,
        onDelivered: (() -> Unit)?,
    ): Attempt {
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
            Attempt.Retry(ExportException("request cancelled: " + e.javaClass.simpleName), null)
        } catch (t: Throwable) {
            if (t is VirtualMachineError) throw t
            // The 2xx status arrived before the failure: the request is delivered and must not be sent again.
            if (deliveredStatus != 0) Attempt.Done(Outcome.Delivered(deliveredStatus, "")) else classify(t)
        }
    }

    private suspend fun send(
        url: String,
        headers: Map<String, String>,
        payload: RequestBody,
        gzip: Boolean,
        handle413: Boolean,
        onDelivered: ((Int) -> Unit)?,
    ): Attempt =
        client.preparePost(UserInfoAuth.of(url).url) {
            header(HttpHeaders.UserAgent, SpanwiseVersion.USER_AGENT)
            header(HttpHeaders.Accept, "application/json")
            attributes.put(SKIP_TRACING, Unit) // the Ktor ClientTracing plugin leaves export requests alone
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
                else -> return@execute done(
                    failure(DropReason.NON_RETRYABLE, "unsupported response Content-Encoding '${scrub(encoding)}' (HTTP $status)"),
                    error = true,
                )
            }
            val text = bodyBytes.decodeToString()
            classifyStatus(status, text, response.headers[HttpHeaders.RetryAfter], handle413)
        }

    private fun classifyStatus(status: Int, body: String, retryAfterHeader: String?, handle413: Boolean): Attempt = when {
        status in 200..299 -> {
            authFailing.set(false)
            Attempt.Done(Outcome.Delivered(status, body))
        }
        status in policy.retryableStatuses ->
            Attempt.Retry(ExportException("HTTP $status"), RetryAfter.parseMillis(retryAfterHeader, time.epochMillis()))
        status == 401 || status == 403 -> {
            // Once per run of auth failures: every batch fails the same way until the key is fixed.
            if (authFailing.compareAndSet(false, true)) {
                log.error(
                    "auth-$exporterName",
                    "Spanwise {}: authentication failed ({}) — check the API key; batches are dropped until it is accepted",
                    exporterName,
                    status,
                )
            } else {
                log.debug("Spanwise {}: authentication failed ({}); batch dropped", exporterName, status)
            }
            done(failure(DropReason.UNAUTHORIZED, "HTTP $status: authentication failed"), error = false)
        }
        status in 300..399 -> {
            log.error("redirect-$exporterName", "Spanwise {}: endpoint redirected (HTTP {}) — fix the configured endpoint; batch dropped", exporterName, status)
            done(failure(DropReason.NON_RETRYABLE, "HTTP $status: endpoint redirected"), error = false)
        }
        status == 413 && handle413 -> Attempt.Done(Outcome.TooLarge)
        status == 413 -> {
            log.error("too-large-$exporterName", "Spanwise {}: request too large (HTTP 413) — configure a smaller maxBatchSize; batch dropped", exporterName)
            done(failure(DropReason.NON_RETRYABLE, "HTTP 413: request too large"), error = false)
        }
        else -> {
            val message = scrub(body)
            log.warn("status-$exporterName-$status", "Spanwise {}: backend answered HTTP {}; batch dropped: {}", exporterName, status, message)
            done(failure(DropReason.NON_RETRYABLE, "HTTP $status: $message"), error = false)
        }
    }

    private fun done(failure: ExportResult.Failure, error: Boolean): Attempt {
        if (error) log.error("failure-$exporterName", "Spanwise {}: {}; batch dropped", exporterName, failure.cause?.message)
        return Attempt.Done(Outcome.Failed(failure))
    }

    private fun failure(reason: DropReason, message: String): ExportResult.Failure =
        ExportResult.Failure(ExportException(message), retryable = false, reason = reason)

    private fun classify(t: Throwable): Attempt {
        val description = scrub(t.javaClass.simpleName + ": " + t.message)
        if (isTls(t)) {
            log.error("tls-$exporterName", "Spanwise {}: TLS handshake failed ({}); batch dropped", exporterName, description)
            return done(failure(DropReason.TLS, "TLS failure: $description"), error = false)
        }
        if (t is java.io.IOException || t is UnresolvedAddressException || t is java.nio.channels.ClosedChannelException) {
            return Attempt.Retry(ExportException("network error: $description"), null)
        }
        log.error("unexpected-$exporterName", "Spanwise {}: HTTP client failed ({}); batch dropped", exporterName, description)
        return done(failure(DropReason.NON_RETRYABLE, "HTTP client failure: $description"), error = false)
    }

    private fun isTls(t: Throwable): Boolean {
        var c: Throwable? = t
        var depth = 0
        while (c != null && depth++ < 10) {
            if (c is SSLException || c is CertificateException) return true
            val name = c.javaClass.name
            if (name.startsWith("io.ktor.network.tls.")) return true
            c = c.cause
        }
        return false
    }

    /** Server or exception text made safe to log: credentials masked ([SecretScrubber]), bounded, CR/LF escaped. */
    fun scrub(text: String?): String = ThrottledLogger.escape(scrubber.scrub(text))

    fun close() {
        if (ownsClient) client.close()
    }

    private companion object {
        const val ERROR_BODY_BYTES = 64 * 1024

        /** The marker `tracing-ktor`'s `SkipTracing` key matches (same name and type). */
        val SKIP_TRACING: AttributeKey<Unit> = AttributeKey("dev.spanwise.tracing.skip")
    }
}

/** Why an export request failed; its message never holds a secret or a payload. */
internal class ExportException(message: String) : Exception(message, null, false, false)

/** Clock, sleep and randomness of a transport, replaceable for tests in virtual time. */
internal interface TransportTime {
    fun nanoTime(): Long

    fun epochMillis(): Long

    fun random(): Double

    suspend fun sleep(millis: Long)

    companion object {
        val SYSTEM: TransportTime = object : TransportTime {
            override fun nanoTime(): Long = System.nanoTime()
            override fun epochMillis(): Long = System.currentTimeMillis()
            override fun random(): Double = java.util.concurrent.ThreadLocalRandom.current().nextDouble()
            override suspend fun sleep(millis: Long) = kotlinx.coroutines.delay(millis)
        }
    }
}
