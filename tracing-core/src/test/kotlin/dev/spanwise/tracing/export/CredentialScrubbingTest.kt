package dev.spanwise.tracing.export

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.config.EnvironmentConfig
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.testing.AllOutputCapture
import dev.spanwise.tracing.testing.Canaries
import dev.spanwise.tracing.testing.FakeReceiver
import dev.spanwise.tracing.testing.ReceivedRequest
import dev.spanwise.tracing.testing.Reply
import dev.spanwise.tracing.testing.Spans
import kotlinx.coroutines.runBlocking
import java.util.Base64
import java.util.concurrent.atomic.AtomicInteger
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * RELIABILITY N2, I1, I2: backends on loopback that quote the request's credentials back in their
 * error bodies (the whole header, the token alone, the decoded Basic user and password), and
 * endpoints with credentials in their user-info. No credential part may reach a log line, stdout or
 * stderr, an exception message, a `toString()` or an [ExportResult].
 */
class CredentialScrubbingTest {
    /** Answers with [statuses] in turn, each body quoting every credential of the request. */
    private fun echoingBackend(vararg statuses: Int): FakeReceiver {
        val n = AtomicInteger()
        return FakeReceiver { req -> echo(req, statuses[n.getAndIncrement() % statuses.size]) }
    }

    private fun echo(req: ReceivedRequest, status: Int): Reply {
        val auth = req.header("Authorization").orEmpty()
        val token = auth.substringAfter(' ', "")
        val decoded = runCatching { String(Base64.getDecoder().decode(token)) }.getOrDefault("")
        val headers = req.headers.entries.joinToString(",") { "\"${it.key}\":\"${it.value.joinToString()}\"" }
        val quoted = "headers {$headers} token $token user ${decoded.substringBefore(':')} " +
            "password ${decoded.substringAfter(':', "")} key ${req.header("x-api-key")} ${req.header("x-tracentic-api-key")}"
        return if (status == 200) {
            Reply(200, """{"partialSuccess":{"rejectedSpans":1,"errorMessage":"rejected for $quoted"}}""")
        } else {
            Reply(status, """{"error":"request refused: $quoted"}""")
        }
    }

    private fun assertNoCanary(what: String, text: String) {
        val leaks = Canaries.leaksIn(text)
        assertTrue(leaks.isEmpty(), "$what leaks $leaks")
    }

    @Test
    fun `backends echoing credentials in 4xx and 5xx bodies - OTLP, Tracentic, 2Signal and Zipkin results and logs show none`() {
        val statuses = intArrayOf(400, 404, 422, 500, 401, 403, 200)
        val (texts, output) = AllOutputCapture.capture {
            runBlocking {
                val texts = ArrayList<String>()
                val receivers = List(6) { echoingBackend(*statuses) }
                try {
                    val fromEnv = EnvironmentConfig(
                        mapOf(
                            "OTEL_EXPORTER_OTLP_ENDPOINT" to receivers[0].url,
                            "OTEL_EXPORTER_OTLP_HEADERS" to "Authorization=Bearer%20${Canaries.BEARER},x-api-key=${Canaries.API_KEY}",
                        ),
                    ).exporter()!!
                    val tracenticFromEnv = EnvironmentConfig(
                        mapOf(
                            "SPANWISE_EXPORTER" to "tracentic",
                            "SPANWISE_ENDPOINT" to receivers[5].url,
                            "SPANWISE_API_KEY" to Canaries.API_KEY,
                        ),
                    ).exporter()!!
                    val exporters = listOf(
                        fromEnv,
                        Exporters.otlpHttp(receivers[1].url) { header("Authorization", "Basic ${Canaries.BASIC}") },
                        Exporters.tracentic(Canaries.API_KEY, receivers[2].url) { maxAttempts = 1 },
                        Exporters.twoSignal(Canaries.API_KEY, receivers[3].url) { maxAttempts = 1 },
                        Exporters.zipkin(receivers[4].url) { header("Authorization", "Basic ${Canaries.BASIC}") },
                        tracenticFromEnv,
                    )
                    for (exporter in exporters) {
                        repeat(statuses.size) {
                            val result = exporter.export(Spans.many(2))
                            texts.add(result.toString())
                            if (result is ExportResult.Failure) {
                                texts.add(result.cause?.message.orEmpty())
                                texts.add(result.cause?.stackTraceToString().orEmpty())
                            }
                            if (result is ExportResult.PartialSuccess) texts.add(result.message.orEmpty())
                        }
                        texts.add(exporter.toString())
                        exporter.shutdown()
                    }
                    // The same backends behind the pipeline: its WARN/ERROR lines quote the failures too.
                    val tracing = Tracing {
                        serviceName = "scrub-test"
                        registerShutdownHook = false
                        exporter = Exporters.composite(
                            Exporters.otlpHttp(receivers[0].url) { header("Authorization", "Bearer ${Canaries.BEARER}") },
                            Exporters.tracentic(Canaries.API_KEY, receivers[2].url) { maxAttempts = 1 },
                            Exporters.twoSignal(Canaries.API_KEY, receivers[3].url) { maxAttempts = 1 },
                            Exporters.zipkin(receivers[4].url) { header("Authorization", "Basic ${Canaries.BASIC}") },
                        )
                    }
                    repeat(3) { i ->
                        tracing.begin("op-$i").end()
                        tracing.flush(500.milliseconds)
                    }
                    texts.add(tracing.shutdown(1.seconds).toString())
                    // Every backend saw the credentials, so each echoed them.
                    for (r in receivers) assertTrue(r.requests.size >= statuses.size - 1, "${r.requests.size} requests")
                    assertEquals("Bearer ${Canaries.BEARER}", receivers[0].requests.first().header("Authorization"))
                    assertEquals("Basic ${Canaries.BASIC}", receivers[1].requests.first().header("Authorization"))
                } finally {
                    receivers.forEach { it.close() }
                }
                texts
            }
        }
        texts.forEach { assertNoCanary("a result, message or toString", it) }
        assertNoCanary("the log and console output", output)
        assertTrue(output.contains("HTTP 400") && output.contains("request refused"), "the server's text is still quoted")
        assertTrue(texts.any { it.contains("token ***") }, "tokens are masked")
        assertTrue(texts.any { it.contains("user *** password ***") }, "decoded Basic credentials are masked")
    }

    @Test
    fun `configuration errors, toString and failures never show the user-info of an endpoint URL`() {
        val userInfo = "${Canaries.URL_USER}:${Canaries.URL_PASSWORD}"
        val (texts, output) = AllOutputCapture.capture {
            runBlocking {
                val texts = ArrayList<String>()
                fun error(block: () -> Unit) = assertFailsWith<IllegalArgumentException> { block() }.message.orEmpty().also { texts.add(it) }
                error { Exporters.otlpHttp("http://$userInfo@collector.example:4318/v1/traces?tenant=1") }
                error { Exporters.zipkin("ftp://$userInfo@zipkin.example:9411") }
                error { Exporters.tracentic(Canaries.API_KEY, "$userInfo@ingest.example") }
                error { Exporters.twoSignal(Canaries.API_KEY, "https://$userInfo@api.example#frag") }
                error {
                    EnvironmentConfig(mapOf("SPANWISE_EXPORTER" to "otlp", "SPANWISE_ENDPOINT" to "$userInfo@collector:4318")).exporter()
                }
                error {
                    EnvironmentConfig(mapOf("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" to "htp://$userInfo@collector:4318/v1/traces")).exporter()
                }
                assertTrue(texts.all { it.contains("***") }, "$texts")

                FakeReceiver { req -> echo(req, 400) }.use { receiver ->
                    val withUserInfo = receiver.url.replace("://", "://$userInfo@")
                    val closedPort = "http://$userInfo@127.0.0.1:1"
                    val exporters = listOf(
                        Exporters.otlpHttp(withUserInfo),
                        Exporters.tracentic(Canaries.API_KEY, withUserInfo) { maxAttempts = 1 },
                        Exporters.twoSignal(Canaries.API_KEY, withUserInfo) { maxAttempts = 1 },
                        Exporters.zipkin(withUserInfo),
                        Exporters.otlpHttp(closedPort) { maxAttempts = 1 },
                        Exporters.zipkin(closedPort) { maxAttempts = 1 },
                    )
                    for (exporter in exporters) {
                        texts.add(exporter.toString())
                        val result = exporter.export(Spans.many(1))
                        texts.add(result.toString())
                        if (result is ExportResult.Failure) texts.add(result.cause?.stackTraceToString().orEmpty())
                        exporter.shutdown()
                    }
                    assertTrue(texts.any { it.contains("://***@127.0.0.1") }, "toString keeps the host and masks the user-info")
                    val basic = "Basic " + Base64.getEncoder().encodeToString(userInfo.toByteArray())
                    assertEquals(4, receiver.requests.size)
                    assertTrue(receiver.requests.all { it.header("Authorization") == basic || it.path.endsWith("/api/v1/traces") })
                    assertTrue(receiver.requests.none { it.path.contains(Canaries.URL_USER) })
                }
                texts
            }
        }
        texts.forEach { assertNoCanary("a message or toString", it) }
        assertNoCanary("the log and console output", output)
    }
}
