package dev.spanwise.samples.readme

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.ktor.ClientTracing
import dev.spanwise.tracing.ktor.ServerTracing
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.traced
import io.ktor.client.HttpClient
import io.ktor.client.request.get
import io.ktor.client.statement.bodyAsText
import io.ktor.server.application.Application
import io.ktor.server.application.install
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import io.ktor.client.engine.cio.CIO as ClientCIO

// The README's Ktor example (compiled here; see ReadmeSnippetsTest).

internal fun Application.readmeKtorModule(tracing: Tracing) {
    // --- ktor ---
    install(ServerTracing) {
        this.tracing = tracing
        requestAttributes { call -> mapOf("tenant.id" to call.request.headers["x-tenant"]) }
    }
    val orders = HttpClient(ClientCIO) { install(ClientTracing) } // sends traceparent + x-spanwise-scope
    routing {
        get("/answer/{id}") {
            val text = traced("answer", correlationId = "order-${call.parameters["id"]}") {
                val order = orders.get("http://orders.internal/orders/${call.parameters["id"]}").bodyAsText()
                llm("draft", provider = "openai", model = "gpt-4o") {
                    usage(inputTokens = 300, outputTokens = 40)
                    "About $order"
                }
            }
            call.respondText(text)
        }
    }
    // --- end ---
}
