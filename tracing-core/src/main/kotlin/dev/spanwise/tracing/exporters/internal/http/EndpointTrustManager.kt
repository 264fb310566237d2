package dev.spanwise.tracing.exporters.internal.http

import java.net.InetAddress
import java.security.KeyStore
import java.security.cert.CertificateException
import java.security.cert.X509Certificate
import java.util.Locale
import javax.net.ssl.TrustManagerFactory
import javax.net.ssl.X509TrustManager

/**
 * Trust for one exporter endpoint: the chain must be trusted by [delegate] (the configured trust
 * manager or the JVM's default), and the leaf certificate must name [host] in its
 * SubjectAltName — a DNS entry for a host name (one leading `*.` label allowed), an IP entry for an
 * address. The subject CN is never used, so a certificate without SubjectAltName is rejected
 * (Ktor CIO's own check lets such certificates, and DNS-only certificates for an IP, through).
 *
 * Failures are [EndpointCertificateException]s whose message names the host, says why, and
 * what to change.
 */
internal class EndpointTrustManager(
    private val delegate: X509TrustManager,
    host: String,
    private val customTrust: Boolean,
) : X509TrustManager {
    private val host: String = host.removePrefix("[").removeSuffix("]").trimEnd('.').lowercase(Locale.ROOT)
    private val address: InetAddress? = ipLiteral(this.host)

    override fun checkClientTrusted(chain: Array<out X509Certificate>, authType: String) = delegate.checkClientTrusted(chain, authType)

    override fun getAcceptedIssuers(): Array<X509Certificate> = delegate.acceptedIssuers

    /** Server certificates received so far: zero means no TLS handshake with this endpoint ever got that far. */
    val certificatesReceived = java.util.concurrent.atomic.AtomicLong()

    override fun checkServerTrusted(chain: Array<out X509Certificate>, authType: String) {
        certificatesReceived.incrementAndGet()
        try {
            delegate.checkServerTrusted(chain, authType)
        } catch (e: CertificateException) {
            val store = if (customTrust) "the configured trustManager" else "the JVM's default trust store"
            val remedy = if (customTrust) {
                "add the issuing CA to that trust store"
            } else {
                "for a self-signed or private-CA certificate set HttpExporterConfig.trustManager to a trust store holding its CA"
            }
            throw EndpointCertificateException("the certificate of $host is not trusted by $store (${firstLine(e)}); $remedy")
        }
        val leaf = chain.firstOrNull() ?: throw EndpointCertificateException("$host sent no certificate")
        checkHost(leaf)
    }

    private fun checkHost(leaf: X509Certificate) {
        val entries = try {
            leaf.subjectAlternativeNames.orEmpty()
        } catch (e: java.security.cert.CertificateParsingException) {
            emptyList<List<*>>()
        }
        val dns = entries.filter { it.getOrNull(0) == DNS_NAME }.mapNotNull { it.getOrNull(1) as? String }
        val ips = entries.filter { it.getOrNull(0) == IP_ADDRESS }.mapNotNull { it.getOrNull(1) as? String }
        val matches = if (address != null) ips.any { ipLiteral(it) == address } else dns.any { dnsMatches(it) }
        if (matches) return
        val kind = if (address != null) "IP" else "DNS"
        val reason = if (dns.isEmpty() && ips.isEmpty()) {
            "it has no SubjectAltName, and a subject CN alone is not accepted"
        } else {
            "it names only " + (dns.map { "DNS:$it" } + ips.map { "IP:$it" }).take(MAX_NAMES_SHOWN).joinToString(", ")
        }
        throw EndpointCertificateException(
            "the certificate of $host does not match that host: $reason; use an endpoint host the certificate names, " +
                "or reissue it with subjectAltName $kind:$host",
        )
    }

    private fun dnsMatches(pattern: String): Boolean {
        val name = pattern.trimEnd('.').lowercase(Locale.ROOT)
        if (name == host) return true
        if (!name.startsWith("*.") || name.count { it == '.' } < 2) return false
        val suffix = name.substring(1) // ".example.com"
        return host.endsWith(suffix) && host.length > suffix.length && host.indexOf('.') == host.length - suffix.length
    }

    companion object {
        private const val DNS_NAME = 2
        private const val IP_ADDRESS = 7
        private const val MAX_NAMES_SHOWN = 10
        private const val MAX_OCTET = 255
        private val IPV4 = Regex("""\d{1,3}(\.\d{1,3}){3}""")

        /** The JVM's default trust (the `cacerts` store, or `javax.net.ssl.trustStore` when set). */
        private val jvmDefault: X509TrustManager by lazy {
            val factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm())
            factory.init(null as KeyStore?)
            factory.trustManagers.filterIsInstance<X509TrustManager>().first()
        }

        /** Trust for [host]: [configured] when set, else the JVM's default, both with the host rule above. */
        fun forHost(host: String, configured: X509TrustManager?): EndpointTrustManager =
            EndpointTrustManager(configured ?: jvmDefault, host, customTrust = configured != null)

        /** The address of an IP literal (no name lookup), or null for a host name. */
        private fun ipLiteral(text: String): InetAddress? {
            val bare = text.removePrefix("[").removeSuffix("]")
            val ipv4 = IPV4.matches(bare) && bare.split('.').all { it.toInt() <= MAX_OCTET }
            if (!ipv4 && !bare.contains(':')) return null
            return try {
                InetAddress.getByName(bare)
            } catch (e: Exception) {
                null
            }
        }

        private fun firstLine(e: Throwable): String {
            var root: Throwable = e
            while (root.cause != null && root.cause !== root) root = root.cause!!
            return (root.message ?: root.javaClass.simpleName).substringAfterLast(": ").take(200)
        }
    }
}

/**
 * A server certificate rejected for an exporter endpoint; the message is meant for the log as is.
 * It carries no cause: Ktor reports the root cause of a failed request, which must be this.
 */
internal class EndpointCertificateException(message: String) : CertificateException(message)
