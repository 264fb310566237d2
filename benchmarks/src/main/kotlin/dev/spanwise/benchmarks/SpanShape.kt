package dev.spanwise.benchmarks

/**
 * The span every span benchmark records, identical on the Spanwise and the OpenTelemetry side:
 * one name and five attributes (three strings, two longs) with constant keys.
 */
public object SpanShape {
    /** The span name. */
    public const val NAME: String = "llm.call"

    /** First string attribute key. */
    public const val KEY_SYSTEM: String = "gen_ai.system"

    /** Second string attribute key. */
    public const val KEY_MODEL: String = "gen_ai.request.model"

    /** Third string attribute key. */
    public const val KEY_OPERATION: String = "gen_ai.operation.name"

    /** First long attribute key. */
    public const val KEY_INPUT_TOKENS: String = "gen_ai.usage.input_tokens"

    /** Second long attribute key. */
    public const val KEY_OUTPUT_TOKENS: String = "gen_ai.usage.output_tokens"

    /** First string value. */
    public const val SYSTEM: String = "openai"

    /** Second string value. */
    public const val MODEL: String = "gpt-4o"

    /** Third string value. */
    public const val OPERATION: String = "chat"

    /** First long value (outside the boxed-Long cache, as real token counts are). */
    public const val INPUT_TOKENS: Long = 1234L

    /** Second long value. */
    public const val OUTPUT_TOKENS: Long = 567L

    /** The queue bound on both sides. */
    public const val QUEUE_CAPACITY: Int = 2048

    /** The export batch on both sides. */
    public const val MAX_BATCH: Int = 512

    /** Spans per invocation of the drop-free variants (as in OpenTelemetry's SpanRecordBenchmark). */
    public const val SPANS_PER_INVOCATION: Int = 1024
}
