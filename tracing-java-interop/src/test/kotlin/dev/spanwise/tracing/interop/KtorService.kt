package dev.spanwise.tracing.interop

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.InMemoryExporter
import dev.spanwise.tracing.ktor.ClientTracing
import dev.spanwise.tracing.ktor.ServerTracing
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.traced
import io.ktor.client.HttpClient
import io.ktor.client.request.get
import io.ktor.client.statement.bodyAsText
import io.ktor.server.application.install
import io.ktor.server.cio.CIO
import io.ktor.server.engine.EmbeddedServer
import io.ktor.server.engine.embeddedServer
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import kotlinx.coroutines.runBlocking
import io.ktor.client.engine.cio.CIO as ClientCIO

/**
 * A Kotlin service on 127.0.0.1 with the Ktor plugins, for the Java cross-service tests (blocking
 * methods only, so the tests stay Java):
 * - `GET /relay`: served under [ServerTracing]; calls [javaServiceUrl] with [ClientTracing];
 * - `GET /origin`: starts `traced("ktor-agent", correlationId = "ticket-7")` and calls [javaServiceUrl] in it.
 */
class KtorService(javaServiceUrl: String) : AutoCloseable {
    private val spans = InMemoryExporter()
    private val tracing: Tracing = Tracing {
        serviceName = "ktor-service"
        exporter = spans
        registerShutdownHook = false
    }
    private val client = HttpClient(ClientCIO) { install(ClientTracing) }
    private val server: EmbeddedServer<*, *> = embeddedServer(CIO, port = 0, host = "127.0.0.1") {
        install(ServerTracing) { tracing = this@KtorService.tracing }
        routing {
            get("/relay") { call.respondText(client.get(javaServiceUrl).bodyAsText()) }
            get("/origin") {
                val body = tracing.traced("ktor-agent", correlationId = "ticket-7") { client.get(javaServiceUrl).bodyAsText() }
                call.respondText(body)
            }
        }
    }.start(wait = false)

    /** The base URL, `http://127.0.0.1:<port>`. */
    val url: String = "http://127.0.0.1:" + runBlocking { server.engine.resolvedConnectors().first().port }

    /** Flushes and returns every span this service exported so far. */
    fun exported(): List<SpanData> = runBlocking {
        tracing.flush()
        spans.spans
    }

    override fun close() {
        client.close()
        server.stop(gracePeriodMillis = 0, timeoutMillis = 2_000)
        runBlocking { tracing.shutdown() }
    }
}
