package dev.spanwise.tracing.export

import dev.spanwise.tracing.internal.SecretScrubber

/** The outcome of one [SpanExporter.export] call. */
public sealed interface ExportResult {
    /** Every span was accepted. */
    public data object Success : ExportResult

    /** The backend accepted the batch but rejected [rejected] spans (OTLP `partialSuccess`, short `accepted`). */
    public data class PartialSuccess @JvmOverloads constructor(
        /** How many spans were not delivered. */
        val rejected: Long,
        /** The backend's explanation, if any (already bounded and escaped). */
        val message: String? = null,
        /**
         * How the [rejected] spans are counted, when not all as [DropReason.REJECTED_BY_SERVER]
         * (for example a vendor batch where one span was too large and another chunk got a 400).
         * Empty means all of them are `REJECTED_BY_SERVER`; otherwise the counts sum to [rejected].
         */
        val reasons: Map<DropReason, Long> = emptyMap(),
    ) : ExportResult

    /**
     * The batch was not delivered.
     *
     * @property cause what went wrong, if known. The built-in exporters' causes carry no credential: API
     *   keys, header values (and their tokens and decoded parts) and URL user-info are masked as `***`.
     * @property retryable whether sending the same batch again may succeed (5xx, 429, network errors).
     * @property reason how the spans are counted if they are dropped.
     * @property retryAfterMillis how long the backend asked us to wait (`Retry-After`), or `null`.
     */
    public class Failure @JvmOverloads constructor(
        public val cause: Throwable?,
        public val retryable: Boolean,
        public val reason: DropReason = DropReason.NON_RETRYABLE,
        public val retryAfterMillis: Long? = null,
    ) : ExportResult {
        override fun toString(): String =
            "Failure(retryable=$retryable, reason=$reason, retryAfterMillis=$retryAfterMillis, " +
                "cause=${SecretScrubber.redactUserInfo(cause.toString())})"
    }
}
