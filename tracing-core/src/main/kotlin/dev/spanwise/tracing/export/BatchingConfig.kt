package dev.spanwise.tracing.export

import dev.spanwise.tracing.model.TracingDsl
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toKotlinDuration

/**
 * Settings of the queue between span end and an exporter. One queue and one consumer per
 * destination. Validated when the `Tracing` is built.
 */
@TracingDsl
public class BatchingConfig {
    /** Spans queued per destination before new ones are dropped (`QUEUE_FULL`). */
    public var queueCapacity: Int = DEFAULT_QUEUE_CAPACITY

    /** Estimated bytes queued per destination before new spans are dropped (`BUFFER_FULL`). */
    public var maxBufferedBytes: Long = DEFAULT_MAX_BUFFERED_BYTES

    /** Spans per export call. */
    public var maxBatchSize: Int = DEFAULT_MAX_BATCH_SIZE

    /** Longest a span waits in the queue before its batch is sent anyway. */
    public var flushInterval: Duration = DEFAULT_FLUSH_INTERVAL

    /**
     * Longest one export call may take before it is cancelled and treated as a retryable failure.
     * The built-in network exporters plan their attempts within it less a tenth (at most 1 s), and
     * a batch that needs several requests continues in the next call where the cut-off one stopped.
     */
    public var exportTimeout: Duration = DEFAULT_EXPORT_TIMEOUT

    /**
     * Export calls (batches) in flight at once for this destination. 1 keeps batches in order;
     * 2 or more lets export keep up when each request waits on the network. A batch being retried
     * holds its slot.
     */
    public var maxConcurrentExports: Int = DEFAULT_MAX_CONCURRENT_EXPORTS

    /**
     * Cap of every wait between retries of a batch the backend keeps refusing with a retryable
     * error: the pipeline's waits between export calls (for any exporter) and the built-in network
     * exporters' waits between attempts within one call. A server's `Retry-After` is honoured up
     * to 60 s regardless.
     */
    public var maxRetryBackoff: Duration = DEFAULT_MAX_RETRY_BACKOFF

    /** Java's setter of [flushInterval]. */
    public fun flushInterval(interval: java.time.Duration) {
        flushInterval = interval.toKotlinDuration()
    }

    /** Java's setter of [exportTimeout]. */
    public fun exportTimeout(timeout: java.time.Duration) {
        exportTimeout = timeout.toKotlinDuration()
    }

    /** Java's setter of [maxRetryBackoff]. */
    public fun maxRetryBackoff(backoff: java.time.Duration) {
        maxRetryBackoff = backoff.toKotlinDuration()
    }

    internal fun validate() {
        require(queueCapacity > 0) { "queueCapacity must be positive, was $queueCapacity" }
        require(maxBufferedBytes > 0) { "maxBufferedBytes must be positive, was $maxBufferedBytes" }
        require(maxBatchSize > 0) { "maxBatchSize must be positive, was $maxBatchSize" }
        require(flushInterval.isPositive()) { "flushInterval must be positive, was $flushInterval" }
        require(exportTimeout.isPositive()) { "exportTimeout must be positive, was $exportTimeout" }
        require(maxConcurrentExports in 1..MAX_CONCURRENT_EXPORTS) {
            "maxConcurrentExports must be within [1, $MAX_CONCURRENT_EXPORTS], was $maxConcurrentExports"
        }
        require(maxRetryBackoff.isPositive()) { "maxRetryBackoff must be positive, was $maxRetryBackoff" }
    }

    internal fun copy(): BatchingConfig = BatchingConfig().also {
        it.queueCapacity = queueCapacity
        it.maxBufferedBytes = maxBufferedBytes
        it.maxBatchSize = maxBatchSize
        it.flushInterval = flushInterval
        it.exportTimeout = exportTimeout
        it.maxRetryBackoff = maxRetryBackoff
        it.maxConcurrentExports = maxConcurrentExports
    }

    override fun toString(): String =
        "BatchingConfig(queueCapacity=$queueCapacity, maxBufferedBytes=$maxBufferedBytes, " +
            "maxBatchSize=$maxBatchSize, flushInterval=$flushInterval, exportTimeout=$exportTimeout, " +
            "maxConcurrentExports=$maxConcurrentExports, maxRetryBackoff=$maxRetryBackoff)"

    /** Defaults. */
    public companion object {
        /** 2048 spans. */
        public const val DEFAULT_QUEUE_CAPACITY: Int = 2048

        /** 64 MiB. */
        public const val DEFAULT_MAX_BUFFERED_BYTES: Long = 64L * 1024 * 1024

        /** 512 spans. */
        public const val DEFAULT_MAX_BATCH_SIZE: Int = 512

        /** 5 seconds. */
        public val DEFAULT_FLUSH_INTERVAL: Duration = 5.seconds

        /** 10 seconds. */
        public val DEFAULT_EXPORT_TIMEOUT: Duration = 10.seconds

        /** 1 export in flight: batches are delivered in order. */
        public const val DEFAULT_MAX_CONCURRENT_EXPORTS: Int = 1

        /** The most exports in flight one destination may have. */
        public const val MAX_CONCURRENT_EXPORTS: Int = 64

        /** 30 seconds. */
        public val DEFAULT_MAX_RETRY_BACKOFF: Duration = 30.seconds
    }
}
