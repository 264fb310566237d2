package dev.spanwise.tracing.ktor

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.asRemoteScope
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.propagation.ParentLink
import dev.spanwise.tracing.scope.RequestAttributes
import dev.spanwise.tracing.scope.ScopeElement
import dev.spanwise.tracing.scope.TraceScope
import io.ktor.server.application.ApplicationCall
import io.ktor.server.request.httpMethod
import io.ktor.server.routing.RoutingCall
import io.ktor.server.routing.RoutingNode
import io.ktor.util.AttributeKey
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.isActive
import kotlinx.coroutines.withContext
import org.slf4j.LoggerFactory
import kotlin.coroutines.CoroutineContext

internal val ServerScopeKey: AttributeKey<TraceScope> = AttributeKey("dev.spanwise.tracing.ServerScope")
internal val ParentLinkKey: AttributeKey<ParentLink> = AttributeKey("dev.spanwise.tracing.ParentLink")
internal val StatsKey: AttributeKey<ServerTracingStats> = AttributeKey("dev.spanwise.tracing.ServerTracingStats")

/** The per-call work of `ServerTracing`: read the links, build the call's context, run the call in it. */
internal class CallTracer(config: ServerTracingConfig, stats: ServerTracingStats) {
    private val configured: Tracing? = config.tracing
    private val providers = config.attributeProviders.toList()
    private val filter = config.filter
    private val serverScope = config.serverScope
    private val reader = IncomingLinkReader(stats)
    private val log = LoggerFactory.getLogger("dev.spanwise.tracing.ktor.ServerTracing")

    /** Runs [proceed] (the rest of the pipeline) in the call's tracing context. Never throws its own errors. */
    suspend fun handle(call: ApplicationCall, proceed: suspend () -> Unit) {
        val context = prepare(call, currentCoroutineContext()[RequestAttributes]) ?: return proceed()
        val scope = call.attributes.getOrNull(ServerScopeKey) ?: return withContext(context) { proceed() }
        try {
            withContext(context) { proceed() }
        } catch (e: Throwable) {
            endFailed(scope, e)
            throw e
        }
        endServed(call, scope)
    }

    /** Records the route on the server scope once routing has resolved it. */
    fun routed(call: RoutingCall) {
        guard("route") {
            val scope = call.attributes.getOrNull(ServerScopeKey) ?: return@guard
            val route = routeTemplate(call.route)
            scope.attribute(HTTP_ROUTE, route)
            scope.updateName("${call.request.httpMethod.value} $route")
        }
    }

    /** The coroutine context for the call, or `null` when the call is not traced. */
    private fun prepare(call: ApplicationCall, outer: RequestAttributes?): CoroutineContext? = guard("setup") {
        val tracing = configured ?: Tracing.global
        if (!tracing.isEnabled || !accepts(call)) return@guard null
        val link = reader.read(tracing.propagatesUserId) { call.request.headers.getAll(it) }
        val attributes = requestAttributes(call, link)
        val request = RequestAttributes(attributes).let { outer?.plus(it) ?: it }
        var context: CoroutineContext = tracing + request
        link.parent?.let { call.attributes.put(ParentLinkKey, it) }
        if (serverScope) {
            val parentId = link.parent?.scopeId ?: link.logicalParentId
            val scope = tracing.begin(call.request.httpMethod.value, link.correlationId, parentId, attributes, ScopeKind.SERVER)
            if (link.parent != null && link.logicalParentId != null) scope.attribute(LOGICAL_PARENT, link.logicalParentId)
            link.identity?.let { scope.identity(it) }
            call.attributes.put(ServerScopeKey, scope)
            context += ScopeElement(scope)
        } else {
            link.parent?.let { context += ScopeElement(it.asRemoteScope(link.correlationId)) }
        }
        context
    }

    private fun accepts(call: ApplicationCall): Boolean = try {
        filter.accept(call)
    } catch (e: Exception) {
        log.warn("Spanwise: ServerTracing filter threw {}; tracing the call", e.javaClass.name)
        true
    }

    private fun requestAttributes(call: ApplicationCall, link: IncomingLink): Map<String, Any?> {
        val map = LinkedHashMap<String, Any?>()
        map[HTTP_METHOD] = call.request.httpMethod.value
        if (!serverScope && link.logicalParentId != null) map[LOGICAL_PARENT] = link.logicalParentId
        for (provider in providers) {
            try {
                map.putAll(provider.attributes(call))
            } catch (e: Exception) {
                log.warn("Spanwise: ServerTracing requestAttributes provider threw {}; its attributes are skipped", e.javaClass.name)
            }
        }
        return map
    }

    private fun endServed(call: ApplicationCall, scope: TraceScope) {
        guard("end") {
            val status = call.response.status()?.value
            if (status != null) scope.attribute(HTTP_STATUS, status.toLong())
            scope.end(if (status != null && status >= 500) SpanStatus.ERROR else SpanStatus.OK)
        }
    }

    private suspend fun endFailed(scope: TraceScope, error: Throwable) {
        val cancelled = error is CancellationException && !currentCoroutineContext().isActive
        guard("end") {
            if (cancelled) {
                scope.end(SpanStatus.CANCELLED)
            } else {
                scope.recordException(error)
                scope.end(SpanStatus.ERROR)
            }
        }
    }

    /** Runs [block]; a failure inside Spanwise is logged and never reaches the request. */
    private inline fun <T> guard(what: String, block: () -> T?): T? = try {
        block()
    } catch (t: Throwable) {
        if (t is VirtualMachineError) throw t
        log.warn("Spanwise: ServerTracing {} failed: {}", what, t.javaClass.name)
        null
    }

    companion object {
        const val HTTP_METHOD = "http.request.method"
        const val HTTP_ROUTE = "http.route"
        const val HTTP_STATUS = "http.response.status_code"
        const val LOGICAL_PARENT = "spanwise.scope.logical_parent_id"

        /** `/users/{id}` from a route node, without selector segments such as `(method:GET)`. */
        fun routeTemplate(route: RoutingNode): String {
            val parts = route.toString().split('/').filter { it.isNotEmpty() && !it.startsWith("(") }
            return parts.joinToString("/", prefix = "/")
        }
    }
}
