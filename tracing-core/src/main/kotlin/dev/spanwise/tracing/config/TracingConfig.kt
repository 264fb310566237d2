package dev.spanwise.tracing.config

import dev.spanwise.tracing.export.BatchingConfig
import dev.spanwise.tracing.export.SpanExporter
import dev.spanwise.tracing.model.AttributeLimits
import dev.spanwise.tracing.model.ContentMask
import dev.spanwise.tracing.model.TracingDsl
import dev.spanwise.tracing.pricing.PricingConfig
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toKotlinDuration

/**
 * The mutable configuration read once by `Tracing`. Used through the `Tracing { … }` DSL; every
 * setting is validated when the `Tracing` is built, with the offending value in the message.
 *
 * ```kotlin
 * val tracing = Tracing {
 *     serviceName = "support-bot"
 *     environment = "production"
 *     exporter = Exporters.console()
 *     pricing { model("gpt-4o", input = 2.50, output = 10.00, cacheRead = 1.25) }
 *     globalAttributes("region" to "us-east-1")
 * }
 * ```
 */
@TracingDsl
public class TracingConfig {
    /** `service.name` of every span. */
    public var serviceName: String = DEFAULT_SERVICE_NAME

    /** `service.version`: the version of the application (not of Spanwise). */
    public var serviceVersion: String? = null

    /** `deployment.environment`, e.g. `production`. */
    public var environment: String? = null

    /** `false` turns every call into a no-op that allocates nothing. */
    public var enabled: Boolean = true

    /** Where spans go. `null` exports nothing (said once at INFO). A [dev.spanwise.tracing.exporters.CompositeExporter] gets one queue per member. */
    public var exporter: SpanExporter? = null

    /** Fraction of traces kept, decided from the trace id so a whole trace is kept or dropped. */
    public var sampleRate: Double = 1.0

    /** Whether LLM input/output content is stored (off by default). */
    public var captureContent: Boolean = false

    /**
     * Whether the trace's user id travels to called services in the `baggage` header and is read from
     * incoming ones (off by default: a user id is personal data). Session id, tags and metadata always travel.
     */
    public var propagateUserId: Boolean = false

    /** Runs on captured content (and error messages) before it is stored. */
    public var contentMask: ContentMask? = null

    /** Bounds on attributes, values and content. */
    public var limits: AttributeLimits = AttributeLimits.DEFAULT

    /** Overrides [limits]' `maxAttributes` when set; must be positive. */
    public var maxAttributes: Int? = null

    /** Overrides [limits]' `maxValueLength` when set; must be positive. */
    public var maxAttributeValueLength: Int? = null

    /** Overrides [limits]' `maxContentBytes` when set; must be positive. */
    public var maxContentBytes: Int? = null

    /** Overrides [limits]' `maxEvents` when set; must be positive. */
    public var maxEvents: Int? = null

    /**
     * Whether a JVM shutdown hook delivers what is still queued when the program exits without
     * calling `shutdown()` (on by default). The hook runs `shutdown(shutdownTimeout)` and never keeps
     * the JVM alive longer than [shutdownTimeout] plus half a second; it is removed when the
     * application calls `shutdown()` itself. Turn it off here, with `SPANWISE_SHUTDOWN_HOOK=false`
     * (system property `spanwise.shutdown.hook`, read by `Tracing.fromEnvironment`), or with
     * `SpanwiseBuilder.registerShutdownHook(false)`.
     */
    public var registerShutdownHook: Boolean = true

    /** Timeout of `shutdown()` run by the shutdown hook; the hook never delays JVM exit longer (plus half a second). */
    public var shutdownTimeout: Duration = 10.seconds

    /** Has no effect: a `traced {}` block's scope is always the thread's current scope while the block runs. */
    @Deprecated("Always on: blocking code inside traced {} sees the block's scope through CurrentThreadScope.")
    public var threadLocalBridge: Boolean = false

    internal val batching = BatchingConfig()
    internal val pricing = PricingConfig()
    internal val globalAttributes = LinkedHashMap<String, Any?>()
    internal val resourceAttributes = LinkedHashMap<String, Any?>()

    /** Configures the export queue (Kotlin; Java uses [batching] without an argument). */
    @JvmSynthetic
    public fun batching(block: BatchingConfig.() -> Unit) {
        batching.block()
    }

    /** The export queue settings, to change in place. */
    public fun batching(): BatchingConfig = batching

    /** Adds model prices (USD per one million tokens; Kotlin; Java uses [pricing] without an argument). */
    @JvmSynthetic
    public fun pricing(block: PricingConfig.() -> Unit) {
        pricing.block()
    }

    /** The model prices (USD per one million tokens), to add to in place. */
    public fun pricing(): PricingConfig = pricing

    /**
     * Timeout of `shutdown()` run by the shutdown hook, as a `java.time.Duration` (Java's setter of
     * [shutdownTimeout]).
     */
    public fun shutdownTimeout(timeout: java.time.Duration) {
        shutdownTimeout = timeout.toKotlinDuration()
    }

    /** Attributes added to every span, below request, scope and span attributes (Kotlin; Java uses the map form). */
    @JvmSynthetic
    public fun globalAttributes(vararg attributes: Pair<String, Any?>) {
        for ((k, v) in attributes) globalAttributes[k] = v
    }

    /** Attributes added to every span (map form). */
    public fun globalAttributes(attributes: Map<String, Any?>) {
        globalAttributes.putAll(attributes)
    }

    /** Extra resource attributes (besides service name, version and environment; Kotlin; Java uses the map form). */
    @JvmSynthetic
    public fun resourceAttributes(vararg attributes: Pair<String, Any?>) {
        for ((k, v) in attributes) resourceAttributes[k] = v
    }

    /** Extra resource attributes (map form). */
    public fun resourceAttributes(attributes: Map<String, Any?>) {
        resourceAttributes.putAll(attributes)
    }

    /**
     * Checks every setting, with the setting's name and value in the message, and folds the single
     * limit overrides into [limits].
     */
    internal fun validate() {
        require(serviceName.isNotBlank()) { "serviceName must not be blank, was '$serviceName'" }
        require(!sampleRate.isNaN() && sampleRate in 0.0..1.0) { "sampleRate must be within [0, 1], was $sampleRate" }
        require(shutdownTimeout.isPositive()) { "shutdownTimeout must be positive, was $shutdownTimeout" }
        for (name in globalAttributes.keys) requireKey("globalAttribute", name)
        for (name in resourceAttributes.keys) requireKey("resourceAttribute", name)
        batching.validate()
        limits = validLimits()
    }

    private fun validLimits(): AttributeLimits {
        for ((name, value) in listOf(
            "maxAttributes" to maxAttributes,
            "maxAttributeValueLength" to maxAttributeValueLength,
            "maxContentBytes" to maxContentBytes,
            "maxEvents" to maxEvents,
        )) {
            require(value == null || value > 0) { "$name must be positive, was $value" }
        }
        val l = limits
        return AttributeLimits.of(
            maxAttributes ?: l.maxAttributes,
            l.maxKeyLength,
            maxAttributeValueLength ?: l.maxValueLength,
            maxContentBytes ?: l.maxContentBytes,
            l.maxDepth,
            maxEvents ?: l.maxEvents,
        )
    }

    /** Keys arrive from Java maps too, so `null` is possible here despite the type. */
    private fun requireKey(kind: String, key: String?) {
        require(!key.isNullOrEmpty()) { "$kind key must not be empty, was '$key'" }
    }

    /** Defaults. */
    public companion object {
        /** The service name used when none is configured (OpenTelemetry's convention). */
        public const val DEFAULT_SERVICE_NAME: String = "unknown_service:java"
    }
}
