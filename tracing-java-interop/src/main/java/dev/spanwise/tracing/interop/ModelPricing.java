package dev.spanwise.tracing.interop;

import java.util.Objects;

/**
 * Prices of one model in USD per one million tokens, for
 * {@link SpanwiseBuilder#modelPricing(String, ModelPricing)}.
 *
 * <pre>{@code
 * ModelPricing.perMillionTokens(2.50, 10.00)                       // no cache discount
 * ModelPricing.perMillionTokens(2.50, 10.00).cacheRead(1.25)       // cached input at half price
 * ModelPricing.perMillionTokens(3.00, 15.00, 0.30, 3.75)           // cache read and write prices
 * }</pre>
 *
 * <p>Cost is {@code (input − cacheRead − cacheWrite) × input + cacheRead × cacheRead price +
 * cacheWrite × cacheWrite price + output × output price}, with the input count including cached
 * tokens and the output count including reasoning tokens. Cache prices default to the input price.
 * Prices are checked by {@link SpanwiseBuilder#build()}, which names the model and the bad value.
 * Immutable.
 */
public final class ModelPricing {
    private final double input;
    private final double output;
    private final double cacheRead;
    private final double cacheWrite;

    private ModelPricing(double input, double output, double cacheRead, double cacheWrite) {
        this.input = input;
        this.output = output;
        this.cacheRead = cacheRead;
        this.cacheWrite = cacheWrite;
    }

    /**
     * Prices with no prompt-cache discount.
     *
     * @param input USD per 1M input tokens
     * @param output USD per 1M output tokens (reasoning included)
     * @return the prices
     */
    public static ModelPricing perMillionTokens(double input, double output) {
        return new ModelPricing(input, output, input, input);
    }

    /**
     * Prices with a cache-read price (cache writes at the input price).
     *
     * @param input USD per 1M uncached input tokens
     * @param output USD per 1M output tokens
     * @param cacheRead USD per 1M input tokens read from the prompt cache
     * @return the prices
     */
    public static ModelPricing perMillionTokens(double input, double output, double cacheRead) {
        return new ModelPricing(input, output, cacheRead, input);
    }

    /**
     * Prices with cache-read and cache-write prices.
     *
     * @param input USD per 1M uncached input tokens
     * @param output USD per 1M output tokens
     * @param cacheRead USD per 1M input tokens read from the prompt cache
     * @param cacheWrite USD per 1M input tokens written to the prompt cache
     * @return the prices
     */
    public static ModelPricing perMillionTokens(double input, double output, double cacheRead, double cacheWrite) {
        return new ModelPricing(input, output, cacheRead, cacheWrite);
    }

    /**
     * A copy with another cache-read price.
     *
     * @param usdPerMillion USD per 1M input tokens read from the prompt cache
     * @return the new prices
     */
    public ModelPricing cacheRead(double usdPerMillion) {
        return new ModelPricing(input, output, usdPerMillion, cacheWrite);
    }

    /**
     * A copy with another cache-write price.
     *
     * @param usdPerMillion USD per 1M input tokens written to the prompt cache
     * @return the new prices
     */
    public ModelPricing cacheWrite(double usdPerMillion) {
        return new ModelPricing(input, output, cacheRead, usdPerMillion);
    }

    /** @return USD per 1M uncached input tokens */
    public double input() {
        return input;
    }

    /** @return USD per 1M output tokens */
    public double output() {
        return output;
    }

    /** @return USD per 1M cache-read input tokens */
    public double cacheRead() {
        return cacheRead;
    }

    /** @return USD per 1M cache-write input tokens */
    public double cacheWrite() {
        return cacheWrite;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ModelPricing)) return false;
        ModelPricing p = (ModelPricing) o;
        return p.input == input && p.output == output && p.cacheRead == cacheRead && p.cacheWrite == cacheWrite;
    }

    @Override
    public int hashCode() {
        return Objects.hash(input, output, cacheRead, cacheWrite);
    }

    @Override
    public String toString() {
        return "ModelPricing(input=" + input + ", output=" + output + ", cacheRead=" + cacheRead
            + ", cacheWrite=" + cacheWrite + ")";
    }
}
