package dev.spanwise.tracing.export

/** Why a span was not delivered. Every drop is counted under exactly one reason. */
public enum class DropReason {
    /** The export queue was full (count bound). */
    QUEUE_FULL,

    /** The export queue's byte bound was reached. */
    BUFFER_FULL,

    /** The span ended after `shutdown()`. */
    ALREADY_SHUTDOWN,

    /** The backend refused the batch with a status that retrying cannot fix. */
    NON_RETRYABLE,

    /** The backend answered 401 or 403. */
    UNAUTHORIZED,

    /** A single span was too large for the backend even after truncation. */
    TOO_LARGE,

    /** The backend accepted the request but rejected some spans. */
    REJECTED_BY_SERVER,

    /** The span could not be encoded, or the exporter threw. */
    SERIALIZATION_ERROR,

    /** The TLS handshake failed (certificate or protocol). */
    TLS,

    /** The span was still queued or in flight when `shutdown()` ran out of time. */
    SHUTDOWN_TIMEOUT,

    /**
     * The backend or the network kept failing with errors worth retrying (429, 5xx gateway
     * errors, timeouts, connection failures) and the exporter stopped trying. The pipeline itself
     * keeps retrying such a batch; it reaches this reason only through an exporter that gives up.
     */
    RETRIES_EXHAUSTED,
}
