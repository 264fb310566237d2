package dev.spanwise.tracing.ktor

import dev.spanwise.tracing.propagation.ParentLink
import dev.spanwise.tracing.scope.TraceScope
import io.ktor.server.application.Application
import io.ktor.server.application.ApplicationCall
import io.ktor.server.application.ApplicationPlugin
import io.ktor.server.application.createApplicationPlugin
import io.ktor.server.application.hooks.MonitoringEvent
import io.ktor.server.routing.RoutingRoot

/**
 * Traces every request a Ktor server handles and links it to the calling service.
 *
 * ```kotlin
 * install(ServerTracing) {
 *     tracing = myTracing
 *     requestAttributes { call -> mapOf("tenant.id" to call.request.headers["x-tenant"]) }
 * }
 * routing {
 *     post("/answer") { call.respond(traced("answer") { … }) }   // a child of the request's scope
 * }
 * ```
 *
 * For each call the plugin, in the `Setup` phase and around the rest of the pipeline:
 * - reads the caller's scope from `x-spanwise-scope` (preferred) or `traceparent`, the caller's
 *   correlation id from [CORRELATION_ID_HEADER], and a logical parent from `x-tracentic-scope-id`;
 * - opens a scope of kind `SERVER` named `"<METHOD> <route>"` (unless
 *   [ServerTracingConfig.serverScope] is off) as a real child of the caller's scope, in the same trace;
 *   it records the route, the status code and the duration, and ends ERROR for a 5xx or an exception;
 * - puts the `Tracing`, that scope and the request's attributes ([ServerTracingConfig.requestAttributes],
 *   plus the method) into the call's coroutine context, so `traced { }` in a handler just works and
 *   concurrent requests never see each other's values.
 *
 * ### Header validation
 * Values are validated strictly (length first, then format and charset). An invalid, over-long or
 * repeated header is ignored — the call starts a new trace — counted in [serverTracingStats], logged at
 * DEBUG with its length only, never echoed and never an error for the request.
 *
 * ### Failure
 * The plugin never fails a request: its own errors are logged and the call proceeds untraced. The
 * handler's exceptions are recorded on the server scope and propagate unchanged.
 */
public val ServerTracing: ApplicationPlugin<ServerTracingConfig> = createApplicationPlugin(
    "ServerTracing",
    ::ServerTracingConfig,
) {
    val stats = ServerTracingStats()
    application.attributes.put(StatsKey, stats)
    val tracer = CallTracer(pluginConfig, stats)
    on(CallScopeSetup) { call, proceed -> tracer.handle(call, proceed) }
    on(MonitoringEvent(RoutingRoot.RoutingCallStarted)) { call -> tracer.routed(call) }
}

/**
 * The scope of kind `SERVER` that [ServerTracing] opened for this call, or `null` (plugin not
 * installed, call filtered out, tracing disabled, or [ServerTracingConfig.serverScope] off). Inside a
 * handler, `currentScope()` returns the innermost scope instead.
 */
public val ApplicationCall.traceScope: TraceScope? get() = attributes.getOrNull(ServerScopeKey)

/** The caller's scope, when the request carried a valid `x-spanwise-scope` or `traceparent`. */
public val ApplicationCall.parentLink: ParentLink? get() = attributes.getOrNull(ParentLinkKey)

/** Counts of ignored incoming headers, or `null` when [ServerTracing] is not installed. */
public val Application.serverTracingStats: ServerTracingStats? get() = attributes.getOrNull(StatsKey)
