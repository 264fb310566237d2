package dev.spanwise.tracing.export

import dev.spanwise.tracing.model.TracingDsl
import io.ktor.client.HttpClient
import io.ktor.client.engine.HttpClientEngine
import javax.net.ssl.X509TrustManager
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toKotlinDuration

/**
 * Transport settings shared by the network exporters (OTLP, Tracentic, 2Signal, Zipkin).
 *
 * ```kotlin
 * Exporters.otlpHttp("http://collector:4318") {
 *     header("x-team", "agents")
 *     gzip = true
 * }
 * ```
 * From Java, create one, set it up and pass it to the `Exporters` factory:
 * `Exporters.otlpHttp(url, new HttpExporterConfig().header("x-team", "agents").requestTimeout(Duration.ofSeconds(5)))`.
 *
 * ### Defaults
 * Connect and request timeout 10 s each, one request in flight, no compression, redirects not
 * followed. The exporter owns its Ktor CIO client and closes it on shutdown; a client or engine
 * you pass in is yours and is never closed by Spanwise. HTTPS trusts the JVM's default trust store
 * unless [trustManager] is set, and speaks TLS 1.2 (CIO's limit: a TLS 1.3-only endpoint needs
 * another [engine]).
 */
@TracingDsl
public class HttpExporterConfig {
    internal val headers = LinkedHashMap<String, String>()

    /** Compresses request bodies with gzip (`Content-Encoding: gzip`). */
    public var gzip: Boolean = false

    /** Longest wait for a TCP (and TLS) connection. */
    public var connectTimeout: Duration = DEFAULT_TIMEOUT

    /** Longest wait for one request's answer, per attempt. */
    public var requestTimeout: Duration = DEFAULT_TIMEOUT

    /** Requests this exporter may have in flight at once (at least 1). */
    public var maxConcurrentRequests: Int = 1

    /** Attempts per export call for a retryable failure (429, 5xx gateway errors, network errors). */
    public var maxAttempts: Int = 5

    /** Longest one export call spends on attempts and waits before it hands the batch back for later. */
    public var retryBudget: Duration = DEFAULT_RETRY_BUDGET

    /** A Ktor client to send with instead of the exporter's own (not closed by Spanwise). */
    public var httpClient: HttpClient? = null

    /** A Ktor engine to build the exporter's client on (not closed by Spanwise). */
    public var engine: HttpClientEngine? = null

    /**
     * Trust for HTTPS endpoints, replacing the JVM's default trust store: set it to reach a
     * collector whose certificate is self-signed or issued by a private CA. Either way the server
     * certificate must name the endpoint's host in its SubjectAltName (a certificate with only a
     * subject CN is rejected). Applies to the exporter's own client; with [engine] or
     * [httpClient], configure trust there instead.
     */
    public var trustManager: X509TrustManager? = null

    /** Adds a request header sent with every request (its value is never logged). */
    public fun header(name: String, value: String): HttpExporterConfig {
        require(name.isNotBlank() && name.none { it.isWhitespace() || it == ':' }) { "invalid header name '$name'" }
        require(value.none { it == '\r' || it == '\n' }) { "header '$name' has a line break in its value" }
        headers[name] = value
        return this
    }

    /** Adds every header of [headers]. */
    public fun headers(headers: Map<String, String>): HttpExporterConfig {
        for ((k, v) in headers) header(k, v)
        return this
    }

    /** Sets [connectTimeout] (for Java). */
    public fun connectTimeout(timeout: java.time.Duration): HttpExporterConfig = apply { connectTimeout = timeout.toKotlinDuration() }

    /** Sets [requestTimeout] (for Java). */
    public fun requestTimeout(timeout: java.time.Duration): HttpExporterConfig = apply { requestTimeout = timeout.toKotlinDuration() }

    /** Sets [retryBudget] (for Java). */
    public fun retryBudget(budget: java.time.Duration): HttpExporterConfig = apply { retryBudget = budget.toKotlinDuration() }

    /** Sets [trustManager] (for Java). */
    public fun trustManager(trustManager: X509TrustManager?): HttpExporterConfig = apply { this.trustManager = trustManager }

    internal fun validate() {
        require(connectTimeout.isPositive()) { "connectTimeout must be positive, was $connectTimeout" }
        require(requestTimeout.isPositive()) { "requestTimeout must be positive, was $requestTimeout" }
        require(maxConcurrentRequests >= 1) { "maxConcurrentRequests must be at least 1, was $maxConcurrentRequests" }
        require(maxAttempts >= 1) { "maxAttempts must be at least 1, was $maxAttempts" }
        require(retryBudget.isPositive()) { "retryBudget must be positive, was $retryBudget" }
        require(trustManager == null || (engine == null && httpClient == null)) {
            "trustManager applies to the exporter's own client; configure trust on the engine or httpClient you pass " +
                "(trustManager=$trustManager, engine=$engine, httpClient=$httpClient)"
        }
    }

    override fun toString(): String =
        "HttpExporterConfig(headers=${headers.keys.associateWith { "***" }}, gzip=$gzip, connectTimeout=$connectTimeout, " +
            "requestTimeout=$requestTimeout, maxConcurrentRequests=$maxConcurrentRequests, maxAttempts=$maxAttempts, " +
            "customTrust=${trustManager != null})"

    /** Defaults. */
    public companion object {
        /** 10 seconds. */
        public val DEFAULT_TIMEOUT: Duration = 10.seconds

        /** 9 seconds: under the pipeline's 10 s export timeout, so a call ends with an answer, not a cancellation. */
        public val DEFAULT_RETRY_BUDGET: Duration = 9.seconds
    }
}
