package dev.spanwise.benchmarks

import dev.spanwise.tracing.SpanDsl

/** Physical floors the suite reports next to the library's numbers. */
public object Floors {
    /**
     * The floor of the disabled DSL: the same five-attribute block called directly as a lambda on
     * [dsl], [count] times inside one coroutine (the disabled `traced` runs the block the same way).
     */
    @JvmStatic
    public fun lambdaDirect(dsl: SpanDsl, count: Int, inputTokens: Long, outputTokens: Long): Int = Direct.run(
        CoroutineOps.requestContext(),
    ) {
        val block: suspend SpanDsl.() -> Int = {
            attribute(SpanShape.KEY_SYSTEM, SpanShape.SYSTEM)
            attribute(SpanShape.KEY_MODEL, SpanShape.MODEL)
            attribute(SpanShape.KEY_OPERATION, SpanShape.OPERATION)
            attribute(SpanShape.KEY_INPUT_TOKENS, inputTokens)
            attribute(SpanShape.KEY_OUTPUT_TOKENS, outputTokens)
            1
        }
        var n = 0
        repeat(count) { n += dsl.block() }
        n
    }
}
