package dev.spanwise.benchmarks

import dev.spanwise.tracing.scope.ScopeElement
import dev.spanwise.tracing.scope.TraceScope
import dev.spanwise.tracing.scope.currentScope
import io.opentelemetry.api.trace.Span
import io.opentelemetry.api.trace.Tracer
import io.opentelemetry.context.Context
import io.opentelemetry.extension.kotlin.asContextElement
import io.opentelemetry.extension.kotlin.getOpenTelemetryContext
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlin.coroutines.CoroutineContext

/**
 * #1b and #4 of the performance goals: context elements and nested DSL spans, with the OpenTelemetry
 * Kotlin extension as the twin and `CoroutineName` / plain `launch` as floors. Every `with*` call
 * runs [count] operations inside one coroutine whose context holds a request-like `Job`.
 */
public object CoroutineOps {
    /**
     * A context like a request coroutine's: a live `Job` on `Dispatchers.Default`. [Direct.run] starts
     * the block on the calling thread without dispatching, and `withContext` calls that keep the
     * dispatcher run in place, as they do in a real request.
     */
    @JvmStatic
    public fun requestContext(): CoroutineContext = Job() + Dispatchers.Default

    // ---- withContext(element) ----

    /** `withContext(ScopeElement(scope)) { currentScope() }`. */
    @JvmStatic
    public fun withScopeElement(context: CoroutineContext, scope: TraceScope, count: Int): Int = Direct.run(context) {
        var n = 0
        repeat(count) { n += withContext(ScopeElement(scope)) { if (currentScope() === scope) 1 else 0 } }
        n
    }

    /** OpenTelemetry: `withContext(ctx.asContextElement()) { coroutineContext.getOpenTelemetryContext() }`. */
    @JvmStatic
    public fun withOtelElement(context: CoroutineContext, otelContext: Context, count: Int): Int = Direct.run(context) {
        var n = 0
        repeat(count) {
            n += withContext(otelContext.asContextElement()) {
                if (currentCoroutineContext().getOpenTelemetryContext() === otelContext) 1 else 0
            }
        }
        n
    }

    /** Floor: `withContext(CoroutineName(name)) { coroutineContext[CoroutineName] }`. */
    @JvmStatic
    public fun withCoroutineName(context: CoroutineContext, name: String, count: Int): Int = Direct.run(context) {
        var n = 0
        repeat(count) { n += withContext(CoroutineName(name)) { if (currentCoroutineContext()[CoroutineName] != null) 1 else 0 } }
        n
    }

    // ---- launch(element) ----

    /** [count] × `launch(element) { }` on the `runBlocking` event loop, or on `Dispatchers.Default`. */
    @JvmStatic
    public fun launchScopeElement(scope: TraceScope, count: Int, onDefault: Boolean): Unit = launchMany(count, onDefault) {
        ScopeElement(scope)
    }

    /** OpenTelemetry twin of [launchScopeElement]. */
    @JvmStatic
    public fun launchOtelElement(otelContext: Context, count: Int, onDefault: Boolean): Unit = launchMany(count, onDefault) {
        otelContext.asContextElement()
    }

    /** Floor: plain `launch { }`. */
    @JvmStatic
    public fun launchPlain(count: Int, onDefault: Boolean): Unit = launchMany(count, onDefault) { null }

    private inline fun launchMany(count: Int, onDefault: Boolean, crossinline element: () -> CoroutineContext?) {
        runBlocking {
            coroutineScope {
                val dispatcher: CoroutineContext = if (onDefault) Dispatchers.Default else kotlin.coroutines.EmptyCoroutineContext
                repeat(count) {
                    val e = element()
                    launch(if (e == null) dispatcher else dispatcher + e) { }
                }
            }
        }
    }

    // ---- #1b nested DSL spans: OpenTelemetry twin ----

    /**
     * [count] agent + LLM call pairs with OpenTelemetry: `startSpan` and
     * `withContext(Context.current().with(span).asContextElement())` at both levels.
     */
    @JvmStatic
    public fun otelNested(context: CoroutineContext, tracer: Tracer, count: Int, inputTokens: Long, outputTokens: Long): Int =
        Direct.run(context) {
            var n = 0
            repeat(count) {
                val agent = tracer.spanBuilder("agent").startSpan()
                n += withContext(Context.current().with(agent).asContextElement()) {
                    val llm = tracer.spanBuilder(SpanShape.NAME).startSpan()
                    val r = withContext(Context.current().with(llm).asContextElement()) {
                        val span = Span.current()
                        span.setAttribute(OtelSdk.SYSTEM, SpanShape.SYSTEM)
                        span.setAttribute(OtelSdk.MODEL, SpanShape.MODEL)
                        span.setAttribute(OtelSdk.OPERATION, SpanShape.OPERATION)
                        span.setAttribute(OtelSdk.INPUT_TOKENS, inputTokens)
                        span.setAttribute(OtelSdk.OUTPUT_TOKENS, outputTokens)
                        1
                    }
                    llm.end()
                    r
                }
                agent.end()
            }
            n
        }
}
