package dev.spanwise.tracing.interop.internal

import dev.spanwise.tracing.config.TracingConfig
import dev.spanwise.tracing.pricing.ModelPrice
import kotlin.time.toKotlinDuration

/**
 * Applies the Java builder's settings to the parts of [TracingConfig] that are Kotlin-shaped
 * (DSL blocks and `kotlin.time.Duration`). Not part of the public API.
 *
 * A `null` argument keeps core's default. Values are validated by the Java builder before they get here.
 */
public object ConfigBridge {
    /** Sets the export queue settings. */
    @JvmStatic
    public fun batching(
        config: TracingConfig,
        queueCapacity: Int?,
        maxBatchSize: Int?,
        maxBufferedBytes: Long?,
        flushInterval: java.time.Duration?,
        exportTimeout: java.time.Duration?,
    ) {
        config.batching {
            queueCapacity?.let { this.queueCapacity = it }
            maxBatchSize?.let { this.maxBatchSize = it }
            maxBufferedBytes?.let { this.maxBufferedBytes = it }
            flushInterval?.let { this.flushInterval = it.toKotlinDuration() }
            exportTimeout?.let { this.exportTimeout = it.toKotlinDuration() }
        }
    }

    /** Sets the timeout used by the JVM shutdown hook. */
    @JvmStatic
    public fun shutdownTimeout(config: TracingConfig, timeout: java.time.Duration) {
        config.shutdownTimeout = timeout.toKotlinDuration()
    }

    /** Prices [model]. */
    @JvmStatic
    public fun price(config: TracingConfig, model: String, price: ModelPrice) {
        config.pricing { model(model, price) }
    }
}
