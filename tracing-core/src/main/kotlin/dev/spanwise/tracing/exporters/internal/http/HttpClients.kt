package dev.spanwise.tracing.exporters.internal.http

import dev.spanwise.tracing.export.HttpExporterConfig
import dev.spanwise.tracing.model.internal.SecretScrubber
import dev.spanwise.tracing.model.internal.ThrottledLogger
import io.ktor.client.HttpClient
import io.ktor.client.HttpClientConfig
import io.ktor.client.engine.cio.CIO
import io.ktor.client.plugins.HttpTimeout
import java.net.URI

/** Builds the transport of a network exporter from its [HttpExporterConfig]. */
internal object HttpClients {
    private val log = ThrottledLogger("dev.spanwise.tracing.export")

    fun transport(
        url: String,
        config: HttpExporterConfig,
        retryable: Set<Int>,
        exporterName: String,
        secrets: List<String>,
        time: TransportTime = TransportTime.SYSTEM,
    ): HttpTransport {
        config.validate()
        val uri = URI(url)
        val httpsHost = uri.host?.takeIf { uri.scheme.equals("https", ignoreCase = true) }
        val userClient = config.httpClient
        val client = when {
            userClient != null -> userClient
            config.engine != null -> HttpClient(config.engine!!) { configure(config) }
            else -> HttpClient(CIO) {
                // The endpoint's host must be in the certificate's SubjectAltName (CIO alone skips CN-only ones).
                val trust = httpsHost?.let { EndpointTrustManager.forHost(it, config.trustManager) }
                // CIO sockets use TCP_NODELAY by default; keep-alive pools one connection per route.
                engine {
                    endpoint.connectTimeout = config.connectTimeout.inWholeMilliseconds
                    if (trust != null) https { trustManager = trust }
                }
                configure(config)
                if (httpsHost != null && trust != null) {
                    val port = if (uri.port > 0) uri.port else HTTPS_PORT
                    install(TlsDiagnostics.plugin(httpsHost, port, trust, config.requestTimeout.inWholeMilliseconds))
                }
            }
        }
        val policy = RetryPolicy(
            retryableStatuses = retryable,
            maxAttempts = config.maxAttempts,
            callBudgetMillis = config.retryBudget.inWholeMilliseconds,
        )
        return HttpTransport(
            client,
            ownsClient = userClient == null,
            policy,
            config.maxConcurrentRequests,
            exporterName,
            SecretScrubber.of(secrets + config.headers.values, listOf(url)),
            time,
        )
    }

    private fun HttpClientConfig<*>.configure(config: HttpExporterConfig) {
        followRedirects = false
        expectSuccess = false
        install(HttpTimeout) {
            connectTimeoutMillis = config.connectTimeout.inWholeMilliseconds
            requestTimeoutMillis = config.requestTimeout.inWholeMilliseconds
            socketTimeoutMillis = config.requestTimeout.inWholeMilliseconds
        }
    }

    /**
     * Checks an endpoint URL at build time and returns it without a trailing slash.
     * @throws IllegalArgumentException naming the value (user-info masked) when it is not an absolute http(s) URL.
     */
    fun validateUrl(what: String, url: String): String {
        val trimmed = url.trim().trimEnd('/')
        val uri = try {
            URI(trimmed)
        } catch (e: Exception) {
            null
        }
        require(uri != null && (uri.scheme == "http" || uri.scheme == "https") && !uri.host.isNullOrEmpty()) {
            "$what must be an absolute http(s) URL, was '${SecretScrubber.redactUrl(url)}'"
        }
        require(uri.rawQuery == null && uri.rawFragment == null) {
            "$what must not have a query or fragment, was '${SecretScrubber.redactUrl(url)}'"
        }
        return trimmed
    }

    private const val HTTPS_PORT = 443

    /** Warns once when an API key would travel in clear text to a host that is not loopback. */
    fun warnIfInsecure(exporterName: String, url: String, hasKey: Boolean) {
        if (!hasKey) return
        val uri = URI(url)
        val host = uri.host ?: return
        val loopback = host == "localhost" || host.startsWith("127.") || host == "[::1]" || host == "::1"
        if (uri.scheme == "http" && !loopback) {
            log.warn("insecure-$exporterName", "Spanwise {}: the API key is sent over plain http to {}; use https", exporterName, host)
        }
    }
}
