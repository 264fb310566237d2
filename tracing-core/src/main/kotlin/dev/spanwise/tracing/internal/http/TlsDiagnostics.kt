package dev.spanwise.tracing.internal.http

import io.ktor.client.plugins.api.ClientPlugin
import io.ktor.client.plugins.api.Send
import io.ktor.client.plugins.api.createClientPlugin
import javax.net.ssl.SSLHandshakeException

/**
 * Turns TLS failures of the built-in CIO client into messages a user can act on: which host,
 * what was wrong, what to change. The result is still an `SSLException`, so the transport drops
 * the batch as `tls` without retrying.
 */
internal object TlsDiagnostics {
    fun plugin(host: String): ClientPlugin<Unit> = createClientPlugin("SpanwiseTlsDiagnostics") {
        on(Send) { request ->
            try {
                proceed(request)
            } catch (e: Throwable) {
                throw explain(host, e) ?: e
            }
        }
    }

    /** An actionable replacement for [failure], or null when it is not a TLS failure this knows. */
    fun explain(host: String, failure: Throwable): Throwable? {
        var c: Throwable? = failure
        var depth = 0
        while (c != null && depth++ < MAX_CAUSES) {
            val message = c.message.orEmpty()
            when {
                c is EndpointCertificateException -> return handshakeFailure(message, failure)
                c.javaClass.name.startsWith("io.ktor.network.tls.") && message.contains("ProtocolVersion") ->
                    return handshakeFailure(
                        "$host refused TLS 1.2, and the exporter's built-in Ktor CIO " +
                            "engine supports TLS 1.2 only; for a TLS 1.3-only endpoint pass another engine via " +
                            "HttpExporterConfig.engine (e.g. Ktor's Java or OkHttp engine)",
                        failure,
                    )
            }
            c = c.cause
        }
        return null
    }

    private fun handshakeFailure(message: String, cause: Throwable): SSLHandshakeException =
        SSLHandshakeException(message).apply { initCause(cause) }

    private const val MAX_CAUSES = 10
}
