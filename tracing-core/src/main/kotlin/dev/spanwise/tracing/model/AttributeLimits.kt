package dev.spanwise.tracing.model

/**
 * Bounds applied to everything a span records. Values past a bound are truncated (strings, never
 * splitting a surrogate pair) or dropped (attributes past [maxAttributes]), and every drop is counted
 * on the span (`droppedAttributes`) and in the tracer's statistics.
 *
 * Out-of-range settings are clamped into `[1, platform maximum]` rather than rejected.
 */
public class AttributeLimits private constructor(
    /** Attributes kept per span; later ones are dropped. Default 128. */
    public val maxAttributes: Int,
    /** Longest attribute key in chars; longer keys are truncated. Default 256. */
    public val maxKeyLength: Int,
    /**
     * Longest string value in chars; longer values are truncated. Default 4096. It also bounds every
     * other string a span records: span and event names, correlation ids, provider, model, operation,
     * response model, finish reasons, exception types and messages.
     */
    public val maxValueLength: Int,
    /** Largest LLM input/output content in UTF-8 bytes; longer content is truncated. Default 1 MB. */
    public val maxContentBytes: Int,
    /** Deepest nesting of maps and lists rendered in a value. Default 64. */
    public val maxDepth: Int,
    /** Events kept per span. Default 128. */
    public val maxEvents: Int,
) {
    /** A copy with the given settings changed (clamped). Java: [of] with every setting. */
    @JvmSynthetic
    public fun copy(
        maxAttributes: Int = this.maxAttributes,
        maxKeyLength: Int = this.maxKeyLength,
        maxValueLength: Int = this.maxValueLength,
        maxContentBytes: Int = this.maxContentBytes,
        maxDepth: Int = this.maxDepth,
        maxEvents: Int = this.maxEvents,
    ): AttributeLimits = of(maxAttributes, maxKeyLength, maxValueLength, maxContentBytes, maxDepth, maxEvents)

    override fun toString(): String =
        "AttributeLimits(maxAttributes=$maxAttributes, maxKeyLength=$maxKeyLength, " +
            "maxValueLength=$maxValueLength, maxContentBytes=$maxContentBytes, maxDepth=$maxDepth, " +
            "maxEvents=$maxEvents)"

    /** Defaults and factories. */
    public companion object {
        /** The largest count, key and value length accepted. */
        public const val PLATFORM_MAX_COUNT: Int = 10_000

        /** The largest string length accepted (chars or bytes). */
        public const val PLATFORM_MAX_LENGTH: Int = 16 * 1024 * 1024

        /** The deepest nesting accepted. */
        public const val PLATFORM_MAX_DEPTH: Int = 64

        /** 128 attributes, keys of 256 chars, values of 4096 chars, content of 1 MB, depth 64, 128 events. */
        @JvmField
        public val DEFAULT: AttributeLimits = of()

        /** Limits with the given settings, each clamped into `[1, platform maximum]`. */
        @JvmStatic
        @JvmOverloads
        public fun of(
            maxAttributes: Int = 128,
            maxKeyLength: Int = 256,
            maxValueLength: Int = 4096,
            maxContentBytes: Int = 1_000_000,
            maxDepth: Int = 64,
            maxEvents: Int = 128,
        ): AttributeLimits = AttributeLimits(
            maxAttributes.coerceIn(1, PLATFORM_MAX_COUNT),
            maxKeyLength.coerceIn(1, PLATFORM_MAX_LENGTH),
            maxValueLength.coerceIn(1, PLATFORM_MAX_LENGTH),
            maxContentBytes.coerceIn(1, PLATFORM_MAX_LENGTH),
            maxDepth.coerceIn(1, PLATFORM_MAX_DEPTH),
            maxEvents.coerceIn(1, PLATFORM_MAX_COUNT),
        )
    }
}
