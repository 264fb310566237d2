package dev.spanwise.tracing.pricing

import dev.spanwise.tracing.model.TokenUsage

/**
 * Turns token counts into USD with a price table.
 *
 * ### Formula (per one million tokens)
 * `(input − cacheRead − cacheWrite) × input price + cacheRead × cacheRead price
 *  + cacheWrite × cacheWrite price + output × output price`, with the input count including cached
 * tokens and the output count including reasoning tokens (OpenTelemetry GenAI meaning).
 *
 * ### Model lookup
 * Exact name first, then a normalised name: lower case, any `provider/` prefix removed, and a
 * trailing date (`-2024-08-06`, `-20240806`, `@20240806`) removed — on both the table's names and
 * the looked-up name.
 */
public class CostCalculator(prices: Map<String, ModelPrice>) {
    private val exact = HashMap(prices)
    private val normalized = HashMap<String, ModelPrice>().also { map ->
        for ((name, price) in prices) map.putIfAbsent(normalize(name), price)
    }

    /** Whether there are no prices at all. */
    public val isEmpty: Boolean get() = exact.isEmpty()

    /** The price of [model], or `null`. */
    public fun priceOf(model: String): ModelPrice? = exact[model] ?: normalized[normalize(model)]

    /** The cost of [usage] on [model] in USD, or `null` when the model has no price. */
    public fun cost(model: String, usage: TokenUsage): Double? {
        val price = priceOf(model) ?: return null
        return cost(price, usage)
    }

    /** Normalisation rules. */
    public companion object {
        private val DATE_SUFFIX = Regex("""[-@](\d{4}-\d{2}-\d{2}|\d{8})$""")

        /** The cost of [usage] at [price] in USD. */
        @JvmStatic
        public fun cost(price: ModelPrice, usage: TokenUsage): Double {
            val cached = minOf(usage.inputTokens, usage.cacheReadTokens + usage.cacheWriteTokens)
            val uncached = (usage.inputTokens - cached).coerceAtLeast(0)
            val total = uncached.toDouble() * price.input +
                usage.cacheReadTokens.toDouble() * price.cacheRead +
                usage.cacheWriteTokens.toDouble() * price.cacheWrite +
                usage.outputTokens.toDouble() * price.output
            return total / 1_000_000.0
        }

        /** The normalised form of a model name used for the second lookup. */
        @JvmStatic
        public fun normalize(model: String): String {
            var m = model.trim().lowercase()
            val slash = m.lastIndexOf('/')
            if (slash >= 0) m = m.substring(slash + 1)
            return m.replace(DATE_SUFFIX, "")
        }
    }
}
