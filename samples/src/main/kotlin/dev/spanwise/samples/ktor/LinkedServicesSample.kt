package dev.spanwise.samples.ktor

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.config.EnvironmentConfig
import dev.spanwise.tracing.exporters.ConsoleExporter
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.exporters.InMemoryExporter
import dev.spanwise.tracing.ktor.ClientTracing
import dev.spanwise.tracing.ktor.ServerTracing
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.retrieval
import dev.spanwise.tracing.traced
import io.ktor.client.HttpClient
import io.ktor.client.request.get
import io.ktor.client.request.header
import io.ktor.client.statement.bodyAsText
import io.ktor.server.application.Application
import io.ktor.server.application.install
import io.ktor.server.cio.CIO
import io.ktor.server.engine.EmbeddedServer
import io.ktor.server.engine.embeddedServer
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import java.io.PrintStream
import io.ktor.client.engine.cio.CIO as ClientCIO

/**
 * Two services on loopback, linked across HTTP: `gateway` traces a checkout and calls `orders`
 * through a client with [ClientTracing]; `orders` runs [ServerTracing], so its request scope, its
 * retrieval and its LLM call land in the gateway's trace, under the gateway's scope, with the same
 * correlation id. Each service prints its part of the trace with the console exporter; both trees
 * show the same trace id.
 */
public object LinkedServicesSample {
    /** What one run produced: the HTTP answer and every span each service exported. */
    public class Result(
        /** The body the gateway answered. */
        public val answer: String,
        /** The gateway's spans. */
        public val gatewaySpans: List<SpanData>,
        /** The orders service's spans. */
        public val ordersSpans: List<SpanData>,
    )

    /** Runs the sample and exits. */
    @JvmStatic
    public fun main(args: Array<String>) {
        runBlocking { run(System.out) }
    }

    /** Starts both services, makes one request, stops everything and prints the linked trace to [out]. */
    public suspend fun run(out: PrintStream): Result {
        val gateway = Service("gateway", out)
        val orders = Service("orders", out)
        val ordersServer = start { ordersModule(orders.tracing) }
        val outbound = HttpClient(ClientCIO) { install(ClientTracing) }
        val ordersUrl = "http://127.0.0.1:${ordersServer.port()}"
        val gatewayServer = start { gatewayModule(gateway.tracing, outbound, ordersUrl) }
        val caller = HttpClient(ClientCIO)
        val answer = try {
            caller.get("http://127.0.0.1:${gatewayServer.port()}/checkout/42") { header("x-tenant", "acme") }.bodyAsText()
        } finally {
            caller.close()
            gatewayServer.stop(gracePeriodMillis = 100, timeoutMillis = 2_000)
            ordersServer.stop(gracePeriodMillis = 100, timeoutMillis = 2_000)
            outbound.close()
            orders.tracing.shutdown() // prints the orders service's tree
            gateway.tracing.shutdown() // then the gateway's
        }
        out.println("gateway answered: $answer")
        describeLink(out, gateway.spans, orders.spans)
        return Result(answer, gateway.spans.spans, orders.spans.spans)
    }

    private fun Application.ordersModule(tracing: Tracing) {
        install(ServerTracing) {
            this.tracing = tracing
            requestAttributes { call -> mapOf("tenant.id" to call.request.headers["x-tenant"]) }
        }
        routing {
            get("/orders/{id}") {
                val id = call.parameters["id"]
                val summary = traced("order-lookup") {
                    val order = retrieval("orders-db") {
                        delay(15)
                        "order $id: 2 items, shipped"
                    }
                    llm("summarise", provider = "openai", model = "gpt-4o-mini") {
                        delay(40)
                        usage(inputTokens = 420, outputTokens = 60)
                        "Your $order."
                    }
                }
                call.respondText(summary)
            }
        }
    }

    private fun Application.gatewayModule(tracing: Tracing, outbound: HttpClient, ordersUrl: String) {
        install(ServerTracing) { this.tracing = tracing }
        routing {
            get("/checkout/{id}") {
                val id = call.parameters["id"]
                val tenant = call.request.headers["x-tenant"].orEmpty()
                val body = traced("checkout", correlationId = "order-$id") {
                    outbound.get("$ordersUrl/orders/$id") { header("x-tenant", tenant) }.bodyAsText()
                }
                call.respondText(body)
            }
        }
    }

    private fun describeLink(out: PrintStream, gateway: InMemoryExporter, orders: InMemoryExporter) {
        val checkout = gateway.findByName("checkout").singleOrNull() ?: return
        val request = orders.spans.firstOrNull { it.name.startsWith("GET ") } ?: return
        val linked = request.traceIdHex == checkout.traceIdHex && request.parentSpanId == checkout.spanId
        out.println(
            "orders' '${request.name}' ${if (linked) "is a child of" else "is NOT linked to"} gateway's 'checkout' " +
                "(trace ${checkout.traceIdHex}, correlation ${request.correlationId})",
        )
    }

    private class Service(name: String, out: PrintStream) {
        val spans = Exporters.inMemory()
        val tracing = Tracing {
            serviceName = name
            exporter = Exporters.composite(EnvironmentConfig.system().exporterOr { ConsoleExporter(out) }, spans)
            pricing { model("gpt-4o-mini", input = 0.15, output = 0.60) }
        }
    }

    private fun start(module: Application.() -> Unit): EmbeddedServer<*, *> =
        embeddedServer(CIO, port = 0, host = "127.0.0.1", module = module).start(wait = false)

    private suspend fun EmbeddedServer<*, *>.port(): Int = engine.resolvedConnectors().first().port
}
