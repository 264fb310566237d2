package dev.spanwise.tracing.openai.internal

import java.lang.reflect.Method

/**
 * A client or service whose accessors lead to traced services: a call named in [routes] (with no
 * argument, or the one `Consumer` of `withOptions`) is forwarded, and its result — an SDK interface —
 * is wrapped in the proxy the route builds. Every other call passes through untouched. Building a
 * proxy never fails a call: on a failure the SDK's own object is returned.
 */
internal class RoutingHandler(target: Any, private val routes: Map<String, (Any) -> DelegatingHandler>) : DelegatingHandler(target) {
    override fun handle(method: Method, args: Array<out Any?>): Any? {
        val result = forward(method, args)
        val route = routes[method.name] ?: return result
        if (result == null || args.size > 1 || !method.returnType.isInterface) return result
        return try {
            proxy(method.returnType, route(result))
        } catch (t: Throwable) {
            Guard.failed("wrapping ${method.name}()", t)
            result
        }
    }
}
