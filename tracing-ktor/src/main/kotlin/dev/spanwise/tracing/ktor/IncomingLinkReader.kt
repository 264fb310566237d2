package dev.spanwise.tracing.ktor

import dev.spanwise.tracing.model.TraceIdentity
import dev.spanwise.tracing.propagation.IncomingHeaders
import dev.spanwise.tracing.propagation.MAX_LINK_HEADER_LENGTH
import dev.spanwise.tracing.propagation.ParentLink
import org.slf4j.LoggerFactory
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong

/** What a request said about its caller, after strict validation. Holds no rejected value. */
internal class IncomingLink(
    /** The caller's scope: `x-spanwise-scope` when valid, else `traceparent`. */
    val parent: ParentLink?,
    /** A valid `x-tracentic-scope-id`. */
    val logicalParentId: String?,
    /** A valid [CORRELATION_ID_HEADER]. */
    val correlationId: String?,
    /** The trace's session id, tags and metadata (and user id when allowed) from `baggage`. */
    val identity: TraceIdentity? = null,
) {
    companion object {
        val NONE = IncomingLink(null, null, null)
    }
}

/**
 * Reads and validates the link headers of a request by core's rule ([IncomingHeaders]). Never throws;
 * a value longer than [MAX_LINK_HEADER_LENGTH] is rejected on its length alone, so the cost is
 * bounded for any input. Rejections are counted in [stats] and logged at DEBUG (throttled) with the
 * header name, the reason and the length — never the value.
 */
internal class IncomingLinkReader(private val stats: ServerTracingStats) {
    private val log = LoggerFactory.getLogger("dev.spanwise.tracing.ktor.ServerTracing")
    private val windowStart = AtomicLong(System.nanoTime())
    private val loggedInWindow = AtomicInteger()
    private val onRejected = IncomingHeaders.RejectionListener { name, reason, length ->
        reject<Unit>(name, if (reason == IncomingHeaders.Rejection.TOO_LONG) HeaderRejection.TOO_LONG else HeaderRejection.MALFORMED, length)
    }

    /** Reads the link headers; [headers] returns every value of a header name, or `null`. */
    fun read(includeUserId: Boolean = false, headers: (String) -> List<String>?): IncomingLink {
        val found = IncomingHeaders.read({ name -> single(headers, name) }, onRejected, includeUserId)
        if (found === IncomingHeaders.NONE) return IncomingLink.NONE
        return IncomingLink(found.parent, found.logicalParentId, found.correlationId, found.identity)
    }

    /** The header's single value, else `null` (a repeated header is counted as rejected). */
    private fun single(headers: (String) -> List<String>?, name: String): String? {
        val values = headers(name) ?: return null
        if (values.size > 1) return reject(name, HeaderRejection.REPEATED, values.sumOf { it.length })
        return values.firstOrNull()
    }

    private fun <T> reject(name: String, reason: HeaderRejection, length: Int): T? {
        stats.count(reason)
        if (log.isDebugEnabled && allowLog()) {
            log.debug("Spanwise: ignored incoming '{}' header: {} ({} chars)", name, reason, length)
        }
        return null
    }

    /** At most [LOGS_PER_MINUTE] debug lines a minute. */
    private fun allowLog(): Boolean {
        val now = System.nanoTime()
        val start = windowStart.get()
        if (now - start >= MINUTE_NANOS && windowStart.compareAndSet(start, now)) loggedInWindow.set(0)
        return loggedInWindow.incrementAndGet() <= LOGS_PER_MINUTE
    }

    private companion object {
        const val MINUTE_NANOS = 60_000_000_000L
        const val LOGS_PER_MINUTE = 10
    }
}
