package dev.spanwise.benchmarks

import dev.spanwise.tracing.scope.TraceScope
import kotlinx.coroutines.coroutineScope

/** Physical floors the suite reports next to the library's numbers. */
public object Floors {
    /**
     * The floor of the disabled DSL: the same five-attribute block run [count] times inside one
     * coroutine, each time in `coroutineScope { }` — every DSL block is a coroutine scope, so that
     * `launch`/`async` inside it behave the same whether tracing is on or off.
     */
    @JvmStatic
    public fun coroutineScopeBlock(scope: TraceScope, count: Int, inputTokens: Long, outputTokens: Long): Int = Direct.run(
        CoroutineOps.requestContext(),
    ) {
        var n = 0
        repeat(count) {
            n += coroutineScope {
                scope.attribute(SpanShape.KEY_SYSTEM, SpanShape.SYSTEM)
                scope.attribute(SpanShape.KEY_MODEL, SpanShape.MODEL)
                scope.attribute(SpanShape.KEY_OPERATION, SpanShape.OPERATION)
                scope.attribute(SpanShape.KEY_INPUT_TOKENS, inputTokens)
                scope.attribute(SpanShape.KEY_OUTPUT_TOKENS, outputTokens)
                1
            }
        }
        n
    }
}
