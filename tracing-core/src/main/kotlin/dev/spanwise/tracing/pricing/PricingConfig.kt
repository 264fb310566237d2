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

    /**
     * Prices [model]; cache prices default to [input]. Fails on a blank name or a negative/non-finite
     * price, naming the model, the price and its value.
     */
    @JvmOverloads
    public fun model(
        model: String,
        input: Double,
        output: Double,
        cacheRead: Double = input,
        cacheWrite: Double = input,
    ) {
        requireName(model)
        for ((name, v) in listOf("input" to input, "output" to output, "cacheRead" to cacheRead, "cacheWrite" to cacheWrite)) {
            require(v.isFinite() && v >= 0.0) { "model('$model') $name price must be a finite, non-negative number, was $v" }
        }
        model(model, ModelPrice(input, output, cacheRead, cacheWrite))
    }

    /** Prices [model] with [price]. */
    public fun model(model: String, price: ModelPrice) {
        requireName(model)
        prices[model] = price
    }

    /** Names arrive from Java too, so `null` is possible here despite the type. */
    private fun requireName(model: String?) {
        require(!model.isNullOrBlank()) { "model name must not be blank, was '$model'" }
    }
}
