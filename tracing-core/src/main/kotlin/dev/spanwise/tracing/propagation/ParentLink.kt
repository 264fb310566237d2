@file:JvmName("ParentHeaders")

package dev.spanwise.tracing.propagation

import dev.spanwise.tracing.model.internal.Ids

/** Header carrying a scope id (`TraceScope.id`) from a caller to the service it calls. */
public const val PARENT_SCOPE_HEADER: String = "x-spanwise-scope"

/** The W3C Trace Context header. */
public const val TRACEPARENT_HEADER: String = "traceparent"

/** Tracentic's scope header, accepted as a logical (non-trace) parent link. */
public const val TRACENTIC_SCOPE_HEADER: String = "x-tracentic-scope-id"

/** The longest header value Spanwise will even look at; longer values are rejected unread. */
public const val MAX_LINK_HEADER_LENGTH: Int = 128

/**
 * A reference to a span in another process, parsed from a scope id or a W3C `traceparent`.
 *
 * ### Accepted formats (strict)
 * - scope id: `<32 lower-hex trace id>-<16 lower-hex span id>` (49 chars), neither part all zero;
 * - `traceparent`: `00-<32 lower-hex>-<16 lower-hex>-<2 hex flags>` per W3C (other versions with the
 *   same prefix layout are read as version 00).
 *
 * Anything else — upper case, other lengths, whitespace, control characters, comma-joined values —
 * is rejected: [parse] returns `null` and the caller starts a new root.
 */
public class ParentLink private constructor(
    /** High 64 bits of the trace id. */
    public val traceIdHigh: Long,
    /** Low 64 bits of the trace id. */
    public val traceIdLow: Long,
    /** The parent span id. */
    public val spanId: Long,
    /** The W3C sampled flag (scope ids are always sampled). */
    public val sampled: Boolean,
) {
    /** The parent as a scope id. */
    public val scopeId: String get() = Ids.scopeId(traceIdHigh, traceIdLow, spanId)

    override fun equals(other: Any?): Boolean = other is ParentLink &&
        other.traceIdHigh == traceIdHigh &&
        other.traceIdLow == traceIdLow &&
        other.spanId == spanId &&
        other.sampled == sampled

    override fun hashCode(): Int = (traceIdLow xor spanId).hashCode()

    override fun toString(): String = "ParentLink($scopeId, sampled=$sampled)"

    /** Parsers. */
    public companion object {
        /** Parses a scope id or a `traceparent` value; `null` when [value] is absent or invalid. */
        @JvmStatic
        public fun parse(value: String?): ParentLink? {
            if (value == null) return null
            return when (value.length) {
                Ids.SCOPE_ID_LENGTH -> parseScopeId(value)
                TRACEPARENT_LENGTH -> parseTraceparent(value)
                else -> null
            }
        }

        /** Parses a scope id (`<32 hex>-<16 hex>`); `null` when invalid. */
        @JvmStatic
        public fun parseScopeId(value: String?): ParentLink? {
            if (value == null || value.length != Ids.SCOPE_ID_LENGTH || value[32] != '-') return null
            return of(value, 0, 33, sampled = true)
        }

        /** Parses a W3C `traceparent` value; `null` when invalid. */
        @JvmStatic
        public fun parseTraceparent(value: String?): ParentLink? {
            if (value == null || value.length != TRACEPARENT_LENGTH) return null
            if (value[2] != '-' || value[35] != '-' || value[52] != '-') return null
            if (value.startsWith("ff")) return null
            val version = hex2(value, 0) ?: return null
            val flags = hex2(value, 53) ?: return null
            if (version < 0) return null
            return of(value, 3, 36, sampled = (flags and 1) == 1)
        }

        /** Creates a link from numeric ids; `null` if the trace id or span id is zero. */
        @JvmStatic
        public fun of(traceIdHigh: Long, traceIdLow: Long, spanId: Long, sampled: Boolean = true): ParentLink? =
            if ((traceIdHigh == 0L && traceIdLow == 0L) || spanId == 0L) {
                null
            } else {
                ParentLink(traceIdHigh, traceIdLow, spanId, sampled)
            }

        private fun of(value: String, traceAt: Int, spanAt: Int, sampled: Boolean): ParentLink? {
            val high = Ids.parseHex16(value, traceAt) ?: return null
            val low = Ids.parseHex16(value, traceAt + 16) ?: return null
            val span = Ids.parseHex16(value, spanAt) ?: return null
            return of(high, low, span, sampled)
        }

        private fun hex2(s: String, at: Int): Int? {
            var r = 0
            for (i in at until at + 2) {
                val c = s[i]
                r = r * 16 + when (c) {
                    in '0'..'9' -> c - '0'
                    in 'a'..'f' -> c - 'a' + 10
                    else -> return null
                }
            }
            return r
        }

        private const val TRACEPARENT_LENGTH = 55
    }
}

/**
 * Whether [value] may be kept as a logical parent id (e.g. an `x-tracentic-scope-id`): 1 to
 * [MAX_LINK_HEADER_LENGTH] chars of `A-Z a-z 0-9 . _ : -`.
 */
public fun isValidLogicalParentId(value: String?): Boolean {
    if (value == null || value.isEmpty() || value.length > MAX_LINK_HEADER_LENGTH) return false
    for (c in value) {
        val ok = c in 'a'..'z' || c in 'A'..'Z' || c in '0'..'9' || c == '.' || c == '_' || c == ':' || c == '-'
        if (!ok) return false
    }
    return true
}
