package dev.spanwise.tracing.pricing

/**
 * Prices of one model in USD per one million tokens. Cache prices default to the input price
 * (no discount) when not given.
 */
public class ModelPrice @JvmOverloads constructor(
    /** Price of uncached input tokens. */
    public val input: Double,
    /** Price of output tokens (reasoning included). */
    public val output: Double,
    /** Price of input tokens read from the prompt cache. */
    public val cacheRead: Double = input,
    /** Price of input tokens written to the prompt cache. */
    public val cacheWrite: Double = input,
) {
    init {
        for ((name, v) in listOf("input" to input, "output" to output, "cacheRead" to cacheRead, "cacheWrite" to cacheWrite)) {
            require(v.isFinite() && v >= 0.0) { "price '$name' must be a finite, non-negative number, was $v" }
        }
    }

    override fun equals(other: Any?): Boolean = other is ModelPrice &&
        other.input == input &&
        other.output == output &&
        other.cacheRead == cacheRead &&
        other.cacheWrite == cacheWrite

    override fun hashCode(): Int = listOf(input, output, cacheRead, cacheWrite).hashCode()

    override fun toString(): String =
        "ModelPrice(input=$input, output=$output, cacheRead=$cacheRead, cacheWrite=$cacheWrite)"
}
