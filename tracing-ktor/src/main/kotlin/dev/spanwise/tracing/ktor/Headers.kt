package dev.spanwise.tracing.ktor

/**
 * Header carrying the caller's correlation id (`TraceScope.correlationId`) to the service it calls.
 * [ClientTracing] sends it; [ServerTracing] reads it and gives it to the request's scopes. Only values
 * of 1 to 128 chars of `A-Z a-z 0-9 . _ : -` travel; others are neither sent nor accepted.
 */
public const val CORRELATION_ID_HEADER: String = dev.spanwise.tracing.propagation.CORRELATION_ID_HEADER

/** Why [ServerTracing] ignored an incoming link header (the request itself is always served). */
public enum class HeaderRejection {
    /** Longer than `MAX_LINK_HEADER_LENGTH` (128) chars; the value was not read. */
    TOO_LONG,

    /** Wrong format or characters: case, length, charset, all-zero ids, comma-joined values. */
    MALFORMED,

    /** The header appeared more than once. */
    REPEATED,
}
