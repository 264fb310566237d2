package dev.spanwise.tracing.openai.internal

import com.openai.client.OpenAIClient
import com.openai.client.OpenAIClientAsync
import dev.spanwise.tracing.Tracing

/**
 * Builds the traced client: proxies over the SDK's client and service interfaces, routed to the
 * services whose calls are traced ([routes]). Fails closed: when the SDK lacks a type or method this
 * module expects ([SdkShape]), or [Tracing] records nothing, the client is returned as it was given.
 */
internal object ClientWrapping {
    fun wrap(client: OpenAIClient, tracing: Tracing): OpenAIClient = wrapAs(OpenAIClient::class.java, client, tracing)

    fun wrap(client: OpenAIClientAsync, tracing: Tracing): OpenAIClientAsync = wrapAs(OpenAIClientAsync::class.java, client, tracing)

    private fun <C : Any> wrapAs(type: Class<C>, client: C, tracing: Tracing): C {
        if (!tracing.isEnabled || DelegatingHandler.isProxy(client) || !SdkShape.isAsExpected) return client
        return try {
            DelegatingHandler.proxy(type, RoutingHandler(client, routes(CallTracer(tracing))))
        } catch (t: Throwable) {
            Guard.failed("wrapping the OpenAI client", t)
            client
        }
    }

    /** What each accessor of a client (sync or async: the same names) leads to. */
    private fun routes(tracer: CallTracer): Map<String, (Any) -> DelegatingHandler> {
        val routes = HashMap<String, (Any) -> DelegatingHandler>()
        val chat = mapOf<String, (Any) -> DelegatingHandler>(
            "completions" to { service -> CallHandler(service, tracer, ChatRecipe) },
        )
        val chatRoutes = HashMap(chat)
        chatRoutes["withOptions"] = { service -> RoutingHandler(service, chatRoutes) }
        routes["chat"] = { service -> RoutingHandler(service, chatRoutes) }
        routes["responses"] = { service -> CallHandler(service, tracer, ResponsesRecipe) }
        routes["embeddings"] = { service -> CallHandler(service, tracer, EmbeddingsRecipe) }
        routes["async"] = { client -> RoutingHandler(client, routes) }
        routes["sync"] = { client -> RoutingHandler(client, routes) }
        routes["withOptions"] = { client -> RoutingHandler(client, routes) }
        return routes
    }
}
