package dev.spanwise.tracing.ktor

import java.util.EnumMap
import java.util.concurrent.atomic.AtomicLongArray

/**
 * Counts of incoming link headers ([dev.spanwise.tracing.propagation.PARENT_SCOPE_HEADER],
 * `traceparent`, `x-tracentic-scope-id`, [CORRELATION_ID_HEADER]) that [ServerTracing] ignored, by
 * reason. Read it with `application.serverTracingStats`. Thread-safe.
 */
public class ServerTracingStats internal constructor() {
    private val counts = AtomicLongArray(HeaderRejection.entries.size)

    /** Headers ignored for [reason] since the plugin was installed. */
    public fun rejected(reason: HeaderRejection): Long = counts.get(reason.ordinal)

    /** All ignored headers. */
    public val rejectedTotal: Long get() = HeaderRejection.entries.sumOf { counts.get(it.ordinal) }

    /** A snapshot of the non-zero counts. */
    public fun snapshot(): Map<HeaderRejection, Long> {
        val map = EnumMap<HeaderRejection, Long>(HeaderRejection::class.java)
        for (r in HeaderRejection.entries) counts.get(r.ordinal).takeIf { it > 0 }?.let { map[r] = it }
        return map
    }

    internal fun count(reason: HeaderRejection) {
        counts.incrementAndGet(reason.ordinal)
    }

    override fun toString(): String = "ServerTracingStats(rejected=${snapshot()})"
}
