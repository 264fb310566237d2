package dev.spanwise.tracing.ktor

import dev.spanwise.tracing.export.ExportMarks
import dev.spanwise.tracing.scope.CurrentThreadScope
import dev.spanwise.tracing.scope.ScopeElement
import io.ktor.client.plugins.api.ClientPlugin
import io.ktor.client.plugins.api.createClientPlugin
import io.ktor.client.request.HttpRequestBuilder
import io.ktor.util.AttributeKey
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.currentCoroutineContext

/**
 * Request attribute that keeps [ClientTracing] away from a request: the very key
 * ([ExportMarks.SKIP_TRACING]) Spanwise's exporters put on every request they send, so installing
 * the plugin on a shared client can never make exports traced.
 */
public val SkipTracing: AttributeKey<Unit> = ExportMarks.SKIP_TRACING

/** Marks this request so that [ClientTracing] leaves it untouched. */
public fun HttpRequestBuilder.skipTracing() {
    attributes.put(SkipTracing, Unit)
}

/**
 * Sends the current scope to the service being called: `traceparent` (W3C), `x-spanwise-scope`
 * (`TraceScope.id`) and, when set and valid, [CORRELATION_ID_HEADER]. A server with [ServerTracing]
 * then makes its scopes children of the caller's scope, in the same trace.
 *
 * ```kotlin
 * val client = HttpClient(CIO) { install(ClientTracing) }
 * tracing.traced("gateway") { client.get("http://orders/api") }   // the orders service links to "gateway"
 * ```
 *
 * The current scope is the coroutine's (`currentScope()`), else the thread's (see
 * [ClientTracingConfig.useThreadScope]); with neither, nothing is added. Headers the caller set
 * explicitly are kept. Every value sent passes [ServerTracing]'s own validation.
 *
 * ### What it never does
 * It creates no spans and never throws. It skips requests marked with [skipTracing] (every request
 * a Spanwise exporter sends carries that mark, even when user code calls an exporter from inside a
 * scope) and requests made from Spanwise's export coroutines (a custom exporter's own calls):
 * exporting spans never produces spans or links about itself.
 */
public val ClientTracing: ClientPlugin<ClientTracingConfig> = createClientPlugin("ClientTracing", ::ClientTracingConfig) {
    val correlation = pluginConfig.propagateCorrelationId
    val threadScope = pluginConfig.useThreadScope
    onRequest { request, _ ->
        if (request.attributes.contains(SkipTracing)) return@onRequest
        val context = currentCoroutineContext()
        if (context[CoroutineName]?.name == ExportMarks.EXPORT_COROUTINE_NAME) return@onRequest
        val scope = context[ScopeElement]?.scope ?: (if (threadScope) CurrentThreadScope.get() else null) ?: return@onRequest
        OutgoingLinks.inject(scope, correlation) { name, value ->
            if (!request.headers.contains(name)) request.headers[name] = value
        }
    }
}
