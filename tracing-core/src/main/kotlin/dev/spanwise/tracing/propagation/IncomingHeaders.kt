package dev.spanwise.tracing.propagation

import dev.spanwise.tracing.model.InternalTracingApi
import dev.spanwise.tracing.model.TraceIdentity
import java.util.function.Function

/**
 * What an incoming request or message says about its caller, read by the one rule every Spanwise
 * integration follows (the Ktor server plugin and the Java facade):
 * - the parent is a valid [PARENT_SCOPE_HEADER], else a valid [TRACEPARENT_HEADER];
 * - a valid [TRACENTIC_SCOPE_HEADER] is kept as a logical (non-trace) parent;
 * - a valid [CORRELATION_ID_HEADER] is the caller's correlation id;
 * - the [BAGGAGE_HEADER] entries of [TraceBaggage] are the trace's session id, tags and metadata
 *   (and user id, only when the reader allows it).
 *
 * An absent or empty header is no header. A value longer than [MAX_LINK_HEADER_LENGTH] is rejected
 * on its length alone, so the cost is bounded for any input; an invalid value is rejected too.
 * Rejected values are never kept nor echoed. Holds no rejected value.
 */
@InternalTracingApi
public class IncomingHeaders private constructor(
    /** The caller's scope: [PARENT_SCOPE_HEADER] when valid, else [TRACEPARENT_HEADER]. */
    public val parent: ParentLink?,
    /** The accepted header value [parent] was read from. */
    public val parentValue: String?,
    /** A valid [TRACENTIC_SCOPE_HEADER]. */
    public val logicalParentId: String?,
    /** A valid [CORRELATION_ID_HEADER]. */
    public val correlationId: String?,
    /** The trace's identity from [BAGGAGE_HEADER], or `null`. */
    public val identity: TraceIdentity? = null,
) {
    /** The id to parent under when only one is kept: [parentValue], else [logicalParentId]. */
    public val parentId: String? get() = parentValue ?: logicalParentId

    /** Why a header value was ignored. */
    public enum class Rejection {
        /** Longer than [MAX_LINK_HEADER_LENGTH]. */
        TOO_LONG,

        /** Not in the header's format. */
        MALFORMED,
    }

    /** Told about every ignored header value: its name, why, and its length (never the value). */
    public fun interface RejectionListener {
        /** Called once per rejected header. */
        public fun rejected(header: String, reason: Rejection, length: Int)
    }

    /** The reader. */
    public companion object {
        /** No link at all. */
        @JvmField
        public val NONE: IncomingHeaders = IncomingHeaders(null, null, null, null)

        /**
         * Reads the link headers through [lookup] (a lower-case header name to its single value, or
         * `null`). A lookup that throws counts as an absent header. Never throws.
         */
        @JvmStatic
        @JvmOverloads
        public fun read(lookup: Function<String, String?>, onRejected: RejectionListener? = null, includeUserId: Boolean = false): IncomingHeaders {
            val reader = Reader(lookup, onRejected)
            val scope = reader.value(PARENT_SCOPE_HEADER) { ParentLink.parseScopeId(it) }
            val traceparent = reader.value(TRACEPARENT_HEADER) { ParentLink.parseTraceparent(it) }
            val logical = reader.value(TRACENTIC_SCOPE_HEADER) { it.takeIf(::isValidLogicalParentId) }
            val correlation = reader.value(CORRELATION_ID_HEADER) { it.takeIf(::isValidLogicalParentId) }
            val identity = reader.value(BAGGAGE_HEADER, MAX_BAGGAGE_LENGTH) { TraceBaggage.decode(it, includeUserId) ?: NO_IDENTITY }
                ?.second?.takeUnless { it === NO_IDENTITY }
            if (scope == null && traceparent == null && logical == null && correlation == null && identity == null) return NONE
            val parent = scope ?: traceparent
            return IncomingHeaders(parent?.second, parent?.first, logical?.second, correlation?.second, identity)
        }
    }

    private class Reader(private val lookup: Function<String, String?>, private val onRejected: RejectionListener?) {
        /** The raw value and what [parse] made of it, or `null` when absent or rejected. */
        fun <T : Any> value(name: String, maxLength: Int = MAX_LINK_HEADER_LENGTH, parse: (String) -> T?): Pair<String, T>? {
            val raw = try {
                lookup.apply(name)
            } catch (e: RuntimeException) {
                null // a failing lookup means "no header", never an error for the request
            }
            if (raw.isNullOrEmpty()) return null
            if (raw.length > maxLength) return reject(name, Rejection.TOO_LONG, raw.length)
            val parsed = parse(raw) ?: return reject(name, Rejection.MALFORMED, raw.length)
            return raw to parsed
        }

        private fun <T> reject(name: String, reason: Rejection, length: Int): T? {
            try {
                onRejected?.rejected(name, reason, length)
            } catch (e: RuntimeException) {
                // counting a rejection must not fail the request
            }
            return null
        }
    }
}

/** A baggage value without Spanwise entries: not an error, just nothing. */
private val NO_IDENTITY = TraceIdentity(null, null, emptySet(), emptyMap())
