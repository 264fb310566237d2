package dev.spanwise.tracing.testing

import java.io.File
import java.nio.file.Files
import java.security.KeyStore
import java.security.cert.X509Certificate
import java.util.concurrent.TimeUnit
import javax.net.ssl.KeyManagerFactory
import javax.net.ssl.SSLContext
import javax.net.ssl.TrustManagerFactory
import javax.net.ssl.X509TrustManager

/**
 * Self-signed EC certificates made for one test run by the JDK's `keytool` (no key material is
 * kept in the repository): a server [sslContext] and a [trustManager] trusting just that certificate.
 */
class TestCertificate private constructor(val keyStore: KeyStore) {
    val certificate: X509Certificate get() = keyStore.getCertificate(ALIAS) as X509Certificate

    /** A server-side context presenting this certificate. */
    fun sslContext(): SSLContext {
        val keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm()).apply { init(keyStore, PASSWORD) }
        return SSLContext.getInstance("TLS").apply { init(keys.keyManagers, null, null) }
    }

    /** Trusts this certificate (as its own CA) and nothing else. */
    fun trustManager(): X509TrustManager {
        val store = KeyStore.getInstance(KeyStore.getDefaultType()).apply {
            load(null, null)
            setCertificateEntry("ca", certificate)
        }
        val factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm()).apply { init(store) }
        return factory.trustManagers.filterIsInstance<X509TrustManager>().first()
    }

    companion object {
        private const val ALIAS = "server"
        private val PASSWORD = "changeit".toCharArray()

        /**
         * Generates certificates in parallel, one per entry: subject CN and SubjectAltName
         * extension value (e.g. `dns:localhost,ip:127.0.0.1`), or null for a CN-only certificate.
         */
        fun generate(vararg specs: Pair<String, String?>): List<TestCertificate> {
            val dir = Files.createTempDirectory("spanwise-tls").toFile()
            try {
                val keytool = File(System.getProperty("java.home"), "bin/keytool").path
                val jobs = specs.mapIndexed { i, (cn, san) ->
                    val file = File(dir, "c$i.p12")
                    val command = mutableListOf(
                        // a short-lived JVM: skip the optimising compiler
                        keytool, "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                        "-sigalg", "SHA256withECDSA", "-dname", "CN=$cn", "-validity", "2",
                        "-storetype", "PKCS12", "-keystore", file.path, "-storepass", String(PASSWORD), "-keypass", String(PASSWORD),
                    )
                    if (san != null) command += listOf("-ext", "SAN=$san")
                    file to ProcessBuilder(command).redirectErrorStream(true).start()
                }
                return jobs.map { (file, process) ->
                    check(process.waitFor(30, TimeUnit.SECONDS)) { "keytool timed out" }
                    val output = process.inputStream.readBytes().decodeToString()
                    check(process.exitValue() == 0) { "keytool failed: $output" }
                    val store = KeyStore.getInstance("PKCS12").apply { file.inputStream().use { load(it, PASSWORD) } }
                    TestCertificate(store)
                }
            } finally {
                dir.deleteRecursively()
            }
        }
    }
}
