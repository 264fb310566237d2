package dev.spanwise.tracing.pricing

import dev.spanwise.tracing.model.TracingDsl

/**
 * The `pricing { … }` block of the tracing configuration: prices in USD per one million tokens.
 *
 * ```kotlin
 * pricing {
 *     model("gpt-4o", input = 2.50, output = 10.00, cacheRead = 1.25)
 *     model("claude-sonnet-4", input = 3.00, output = 15.00, cacheRead = 0.30, cacheWrite = 3.75)
 * }
 * ```
 */
@TracingDsl
public class PricingConfig {
    internal val prices = LinkedHashMap<String, ModelPrice>()

    /** Prices [model]; cache prices default to [input]. Fails on a blank name or a negative/non-finite price. */
    public fun model(
        model: String,
        input: Double,
        output: Double,
        cacheRead: Double = input,
        cacheWrite: Double = input,
    ) {
        model(model, ModelPrice(input, output, cacheRead, cacheWrite))
    }

    /** Prices [model] with [price]. */
    public fun model(model: String, price: ModelPrice) {
        require(model.isNotBlank()) { "model name must not be blank, was '$model'" }
        prices[model] = price
    }
}
