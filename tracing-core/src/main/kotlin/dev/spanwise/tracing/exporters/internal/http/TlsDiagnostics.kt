package dev.spanwise.tracing.exporters.internal.http

import io.ktor.client.plugins.HttpRequestTimeoutException
import io.ktor.client.plugins.api.ClientPlugin
import io.ktor.client.plugins.api.Send
import io.ktor.client.plugins.api.createClientPlugin
import javax.net.ssl.SSLHandshakeException

/**
 * Turns TLS failures of the built-in CIO client into messages a user can act on: which host,
 * what was wrong, what to change. The result is still an `SSLException`, so the transport drops
 * the batch as `tls` without retrying.
 *
 * Besides certificate and protocol failures it recognises an `https://` endpoint whose port does
 * not speak TLS: one that answers the handshake in plain HTTP, and one that accepts the connection
 * but never answers the handshake (no certificate ever arrived before the request timed out).
 */
internal object TlsDiagnostics {
    fun plugin(host: String, port: Int, trust: EndpointTrustManager, requestTimeoutMillis: Long): ClientPlugin<Unit> =
        createClientPlugin("SpanwiseTlsDiagnostics") {
            on(Send) { request ->
                try {
                    proceed(request)
                } catch (e: Throwable) {
                    throw explain(host, e, port) ?: explainSilence(host, port, e, trust, requestTimeoutMillis) ?: e
                }
            }
        }

    /** An actionable replacement for [failure], or null when it is not a TLS failure this knows. */
    fun explain(host: String, failure: Throwable, port: Int? = null): Throwable? {
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
                isNotTlsRecord(c) -> {
                    val where = if (port != null) "$host:$port" else host
                    val answer = if (PLAIN_HTTP_RECORD.find(message)?.groupValues?.get(1) == HTTP_FIRST_BYTE) "plain HTTP" else "something that is not TLS"
                    return handshakeFailure(
                        "$where answered the TLS handshake with $answer: the endpoint is https:// but that port does not " +
                            "serve TLS; use http://$where, or the port that serves https",
                        failure,
                    )
                }
            }
            c = c.cause
        }
        return null
    }

    /** A request timeout before any certificate arrived: the port accepted TCP but never answered the handshake. */
    private fun explainSilence(host: String, port: Int, failure: Throwable, trust: EndpointTrustManager, timeoutMillis: Long): Throwable? {
        if (trust.certificatesReceived.get() > 0) return null
        var c: Throwable? = failure
        var depth = 0
        while (c != null && depth++ < MAX_CAUSES) {
            if (c is HttpRequestTimeoutException) {
                return handshakeFailure(
                    "$host:$port accepted the connection but did not answer the TLS handshake within $timeoutMillis ms: the " +
                        "endpoint is https:// but that port does not seem to serve TLS; use http://$host:$port, or the port that " +
                        "serves https",
                    failure,
                )
            }
            c = c.cause
        }
        return null
    }

    /** CIO reading a first byte that is no TLS record type, e.g. `H` of an `HTTP/1.1 400` answer. */
    private fun isNotTlsRecord(c: Throwable): Boolean =
        c is IllegalArgumentException &&
            PLAIN_HTTP_RECORD.containsMatchIn(c.message.orEmpty()) &&
            c.stackTrace.take(STACK_FRAMES_CHECKED).any { it.className.startsWith("io.ktor.network.tls.") }

    private fun handshakeFailure(message: String, cause: Throwable): SSLHandshakeException =
        SSLHandshakeException(message).apply { initCause(cause) }

    private val PLAIN_HTTP_RECORD = Regex("""Invalid TLS record type code: (\d+)""")
    private const val HTTP_FIRST_BYTE = "72" // 'H'
    private const val STACK_FRAMES_CHECKED = 5
    private const val MAX_CAUSES = 10
}
