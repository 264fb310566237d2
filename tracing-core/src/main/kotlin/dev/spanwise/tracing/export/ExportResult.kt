package dev.spanwise.tracing.export

/** The outcome of one [SpanExporter.export] call. */
public sealed interface ExportResult {
    /** Every span was accepted. */
    public data object Success : ExportResult

    /** The backend accepted the batch but rejected [rejected] spans (OTLP `partialSuccess`, short `accepted`). */
    public data class PartialSuccess(
        /** How many spans the backend rejected. */
        val rejected: Long,
        /** The backend's explanation, if any (already bounded and escaped). */
        val message: String? = null,
    ) : ExportResult

    /**
     * The batch was not delivered.
     *
     * @property cause what went wrong, if known (never carries an API key).
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
            "Failure(retryable=$retryable, reason=$reason, retryAfterMillis=$retryAfterMillis, cause=$cause)"
    }
}
