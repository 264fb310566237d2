package dev.spanwise.tracing.ktor

import dev.spanwise.tracing.Tracing
import io.ktor.server.application.ApplicationCall
import io.ktor.utils.io.KtorDsl

/** Extracts per-request attributes (user, tenant, client ids…) from a call, before routing. */
public fun interface CallAttributes {
    /** The attributes for [call]; `null` values are skipped. Exceptions are caught, logged and ignored. */
    public fun attributes(call: ApplicationCall): Map<String, Any?>
}

/** Decides whether a call is traced at all (for example, to skip health checks). */
public fun interface CallFilter {
    /** `true` to trace [call]. Exceptions are caught and treated as `true`. */
    public fun accept(call: ApplicationCall): Boolean
}

/**
 * Configuration of [ServerTracing].
 *
 * ```kotlin
 * install(ServerTracing) {
 *     tracing = myTracing
 *     requestAttributes { call -> mapOf("tenant.id" to call.request.headers["x-tenant"]) }
 *     filter { call -> call.request.path() != "/health" }
 * }
 * ```
 */
@KtorDsl
public class ServerTracingConfig {
    /** The `Tracing` to record with; `null` (the default) means [Tracing.global], read on each call. */
    public var tracing: Tracing? = null

    /**
     * Whether each request gets its own scope of kind `SERVER` (named `"<METHOD> <route>"`, with the
     * route, status code and duration), parent of everything the handler traces. Default `true`.
     * When `false`, the handler's scopes link directly to the caller's scope.
     */
    public var serverScope: Boolean = true

    internal val attributeProviders = mutableListOf<CallAttributes>()
    internal var filter: CallFilter = CallFilter { true }

    /**
     * Adds a provider of per-request attributes. They are attached to every scope and span created
     * while handling the call, held in the call's coroutine context (never in shared state). The
     * provider runs before routing, so path parameters are not available yet; use headers, the path or
     * attributes set by authentication plugins installed earlier. Several providers merge in order.
     */
    public fun requestAttributes(provider: CallAttributes) {
        attributeProviders += provider
    }

    /** Traces only the calls [predicate] accepts; the others pass through untouched. */
    public fun filter(predicate: CallFilter) {
        filter = predicate
    }
}
