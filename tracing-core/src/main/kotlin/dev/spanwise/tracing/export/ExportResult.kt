package dev.spanwise.tracing.export

import dev.spanwise.tracing.model.internal.SecretScrubber

/** The outcome of one [SpanExporter.export] call. */
public sealed interface ExportResult {
    /** Every span was accepted. */
    public data object Success : ExportResult

    /** The backend accepted the batch but rejected [rejected] spans (OTLP `partialSuccess`, short `accepted`). */
    public class PartialSuccess @JvmOverloads constructor(
        /** How many spans were not delivered. */
        public val rejected: Long,
        /** The backend's explanation, if any (already bounded and escaped). */
        public val message: String? = null,
        /**
         * How the [rejected] spans are counted, when not all as [DropReason.REJECTED_BY_SERVER]
         * (for example a vendor batch where one span was too large and another chunk got a 400).
         * Empty means all of them are `REJECTED_BY_SERVER`; otherwise the counts sum to [rejected].
         */
        public val reasons: Map<DropReason, Long> = emptyMap(),
    ) : ExportResult {
        override fun equals(other: Any?): Boolean =
            other is PartialSuccess && other.rejected == rejected && other.message == message && other.reasons == reasons

        override fun hashCode(): Int = listOf(rejected, message, reasons).hashCode()

        override fun toString(): String = "PartialSuccess(rejected=$rejected, message=$message, reasons=$reasons)"
    }

    /**
     * The batch was not delivered.
     *
     * ### Retry timing
     * The pipeline owns the wait before a retryable batch is tried again: it honours
     * [retryAfterMillis] (the server's `Retry-After`, at most 60 s) when present, else its own
     * backoff (1 s × 1.5ⁿ, jitter ±20 %, capped at `BatchingConfig.maxRetryBackoff`), lengthened to
     * [suggestedBackoffMillis] when the exporter suggests more (also capped at `maxRetryBackoff`).
     *
     * @property cause what went wrong, if known. The built-in exporters' causes carry no credential: API
     *   keys, header values (and their tokens and decoded parts) and URL user-info are masked as `***`.
     * @property retryable whether sending the same batch again may succeed (5xx, 429, network errors, timeouts).
     * @property reason how the spans are counted if they are dropped: by default
     *   [DropReason.RETRIES_EXHAUSTED] for a retryable failure, [DropReason.NON_RETRYABLE] otherwise.
     * @property retryAfterMillis how long the backend asked us to wait (its `Retry-After`, capped at 60 s), or `null`.
     * @property suggestedBackoffMillis the wait the exporter suggests before the next try (for example the
     *   next step of the backoff its own attempts used), or `null`; never the server's `Retry-After`.
     */
    public class Failure @JvmOverloads constructor(
        public val cause: Throwable?,
        public val retryable: Boolean,
        public val reason: DropReason = if (retryable) DropReason.RETRIES_EXHAUSTED else DropReason.NON_RETRYABLE,
        public val retryAfterMillis: Long? = null,
        public val suggestedBackoffMillis: Long? = null,
    ) : ExportResult {
        override fun toString(): String =
            "Failure(retryable=$retryable, reason=$reason, retryAfterMillis=$retryAfterMillis, " +
                "suggestedBackoffMillis=$suggestedBackoffMillis, cause=${SecretScrubber.redactUserInfo(cause.toString())})"
    }
}
