package dev.spanwise.tracing.exporters.internal.http

import dev.spanwise.tracing.export.DropReason
import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.model.internal.ThrottledLogger
import java.nio.channels.UnresolvedAddressException
import java.security.cert.CertificateException
import java.util.concurrent.atomic.AtomicBoolean
import javax.net.ssl.SSLException

/** What one HTTP attempt came to: an outcome for the caller, or a failure worth retrying. */
internal sealed class AttemptResult {
    class Done(val outcome: HttpTransport.Outcome) : AttemptResult()
    class Retry(val cause: ExportException, val retryAfterMillis: Long?) : AttemptResult()
}

/**
 * Decides what an HTTP status or a client exception means for a batch: delivered, retry, or
 * dropped for which [DropReason], and logs the failures a user must act on (throttled, per
 * exporter). Server and exception text goes through [scrub] before it reaches a message.
 */
internal class ResponseClassifier(
    private val policy: RetryPolicy,
    private val exporterName: String,
    private val log: ThrottledLogger,
    private val time: TransportTime,
    private val scrub: (String?) -> String,
) {
    private val authFailing = AtomicBoolean()

    fun status(status: Int, body: String, retryAfterHeader: String?, handle413: Boolean): AttemptResult = when {
        status in 200..299 -> {
            authFailing.set(false)
            AttemptResult.Done(HttpTransport.Outcome.Delivered(status, body))
        }
        status in policy.retryableStatuses ->
            AttemptResult.Retry(ExportException("HTTP $status"), RetryAfter.parseMillis(retryAfterHeader, time.epochMillis()))
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
        status == 413 && handle413 -> AttemptResult.Done(HttpTransport.Outcome.TooLarge)
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

    fun done(failure: ExportResult.Failure, error: Boolean): AttemptResult {
        if (error) log.error("failure-$exporterName", "Spanwise {}: {}; batch dropped", exporterName, failure.cause?.message)
        return AttemptResult.Done(HttpTransport.Outcome.Failed(failure))
    }

    fun failure(reason: DropReason, message: String): ExportResult.Failure =
        ExportResult.Failure(ExportException(message), retryable = false, reason = reason)

    fun exception(t: Throwable): AttemptResult {
        val description = scrub(t.javaClass.simpleName + ": " + t.message)
        if (isTls(t)) {
            log.error("tls-$exporterName", "Spanwise {}: TLS handshake failed ({}); batch dropped", exporterName, description)
            return done(failure(DropReason.TLS, "TLS failure: $description"), error = false)
        }
        if (t is java.io.IOException || t is UnresolvedAddressException || t is java.nio.channels.ClosedChannelException) {
            return AttemptResult.Retry(ExportException("network error: $description"), null)
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
}
