package dev.spanwise.tracing.config

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.export.ExportResult
import dev.spanwise.tracing.exporters.CompositeExporter
import dev.spanwise.tracing.exporters.ConsoleExporter
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.exporters.JsonLinesExporter
import dev.spanwise.tracing.exporters.OtlpHttpExporter
import dev.spanwise.tracing.exporters.TracenticExporter
import dev.spanwise.tracing.exporters.TwoSignalExporter
import dev.spanwise.tracing.exporters.ZipkinExporter
import dev.spanwise.tracing.testing.FakeReceiver
import dev.spanwise.tracing.testing.Spans
import kotlinx.coroutines.runBlocking
import java.nio.file.Paths
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertSame
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.milliseconds

class EnvironmentConfigTest {
    private fun env(vararg vars: Pair<String, String>, props: Map<String, String> = emptyMap()) = EnvironmentConfig(mapOf(*vars), props)

    @Test
    fun `nothing set selects no exporter and keeps the default`() {
        val e = env()
        assertEquals(emptyList(), e.exporterKinds)
        assertNull(e.exporter())
        val fallback = Exporters.console()
        assertSame(fallback, e.exporterOr(fallback))
        assertSame(fallback, e.exporterOr { fallback })
        var built = false
        assertIs<ConsoleExporter>(
            env("SPANWISE_EXPORTER" to "console").exporterOr {
                built = true
                fallback
            },
        )
        assertFalse(built, "the default is not built when the environment selects an exporter")
        assertFalse(e.hasExporter)
    }

    @Test
    fun `an OTLP endpoint alone selects otlp, with headers from OTEL_EXPORTER_OTLP_HEADERS`(): Unit = runBlocking {
        FakeReceiver().use { receiver ->
            val e = env(
                "OTEL_EXPORTER_OTLP_ENDPOINT" to receiver.url + "/",
                "OTEL_EXPORTER_OTLP_HEADERS" to "x-team=agents, authorization=Bearer%20tok%3D1, x-basic=Basic cGs+a2V5Lw==",
            )
            assertEquals(listOf(ExporterKind.OTLP), e.exporterKinds)
            val exporter = e.exporter()
            assertIs<OtlpHttpExporter>(exporter)
            assertEquals(receiver.url + "/v1/traces", exporter.tracesUrl)
            assertEquals(ExportResult.Success, exporter.export(Spans.many(1)))
            exporter.shutdown()
            val req = receiver.requests.single()
            assertEquals("agents", req.header("x-team"))
            assertEquals("Bearer tok=1", req.header("authorization"))
            assertEquals("Basic cGs+a2V5Lw==", req.header("x-basic"), "a base64 '+' and a raw space survive")
        }
    }

    @Test
    fun `the traces endpoint is used as is and SPANWISE_ENDPOINT wins for otlp`() {
        val traces = env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" to "http://collector:4318/custom").exporter() as OtlpHttpExporter
        assertEquals("http://collector:4318/custom", traces.tracesUrl)
        val both = env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" to "http://a:1/x", "SPANWISE_ENDPOINT" to "http://b:2").exporter() as OtlpHttpExporter
        assertEquals("http://b:2/v1/traces", both.tracesUrl)
    }

    @Test
    fun `a comma list builds a composite, jsonl uses SPANWISE_JSONL_PATH`() {
        val e = env("SPANWISE_EXPORTER" to " Console , jsonl ", "SPANWISE_JSONL_PATH" to "build/x/traces.jsonl")
        val composite = e.exporter()
        assertIs<CompositeExporter>(composite)
        assertIs<ConsoleExporter>(composite.exporters[0])
        assertEquals(Paths.get("build/x/traces.jsonl"), (composite.exporters[1] as JsonLinesExporter).path)
        assertNull(env("SPANWISE_EXPORTER" to "none").exporter())
        assertTrue(env("SPANWISE_EXPORTER" to "none").hasExporter)
    }

    @Test
    fun `vendor exporters take the endpoint and API key, which toString hides`() {
        val t = env("SPANWISE_EXPORTER" to "tracentic", "SPANWISE_API_KEY" to "tk-123456789", "SPANWISE_ENDPOINT" to "http://localhost:8080").exporter()
        assertIs<TracenticExporter>(t)
        assertEquals("http://localhost:8080/v1/ingest", t.ingestUrl)
        assertFalse(t.toString().contains("tk-123456789"))
        val s = env("SPANWISE_EXPORTER" to "twosignal", "SPANWISE_API_KEY" to "ts-123456789").exporter()
        assertIs<TwoSignalExporter>(s)
        assertEquals("https://api.2signal.dev/api/v1/traces", s.ingestUrl)
        val z = env("SPANWISE_EXPORTER" to "zipkin").exporter()
        assertIs<ZipkinExporter>(z)
        assertEquals("http://localhost:9411/api/v2/spans", z.spansUrl)
    }

    @Test
    fun `precedence is code over system property over environment over default`() {
        val e = env(
            "SPANWISE_SERVICE_NAME" to "from-env",
            "OTEL_SERVICE_NAME" to "from-otel",
            "SPANWISE_ENVIRONMENT" to "staging",
            props = mapOf("spanwise.service.name" to "from-prop"),
        )
        val config = TracingConfig().also { e.applyTo(it) }
        assertEquals("from-prop", config.serviceName)
        assertEquals("staging", config.environment)
        assertEquals("from-otel", TracingConfig().also { env("OTEL_SERVICE_NAME" to "from-otel").applyTo(it) }.serviceName)
        assertEquals(TracingConfig.DEFAULT_SERVICE_NAME, TracingConfig().also { env().applyTo(it) }.serviceName)
        val tracing = Tracing.fromEnvironment(e) { serviceName = "from-code" }
        assertEquals("from-code", tracing.serviceName)
        // The environment's exporter is used only when the code sets none.
        val code = Exporters.inMemory()
        val withCode = TracingConfig().apply { exporter = code }
        env("SPANWISE_EXPORTER" to "console").applyTo(withCode)
        assertSame(code, withCode.exporter)
    }

    @Test
    fun `sampling, content, batching and enabled settings are applied`() {
        val config = TracingConfig()
        env(
            "SPANWISE_SAMPLE_RATE" to "0.25",
            "SPANWISE_CAPTURE_CONTENT" to "true",
            "SPANWISE_QUEUE_CAPACITY" to "4096",
            "SPANWISE_MAX_BATCH_SIZE" to "100",
            "SPANWISE_FLUSH_INTERVAL_MS" to "250",
            "SPANWISE_EXPORT_TIMEOUT_MS" to "3000",
            "SPANWISE_MAX_BUFFERED_BYTES" to "1048576",
            "SPANWISE_SERVICE_VERSION" to "9.9.9",
        ).applyTo(config)
        assertEquals(0.25, config.sampleRate)
        assertTrue(config.captureContent)
        var batching: dev.spanwise.tracing.export.BatchingConfig? = null
        config.batching { batching = this }
        assertEquals(4096, batching!!.queueCapacity)
        assertEquals(100, batching!!.maxBatchSize)
        assertEquals(250.milliseconds, batching!!.flushInterval)
        assertEquals(3000.milliseconds, batching!!.exportTimeout)
        assertEquals(1_048_576L, batching!!.maxBufferedBytes)
        assertEquals("9.9.9", config.serviceVersion)
        assertFalse(Tracing.fromEnvironment(env("SPANWISE_ENABLED" to "false")) {}.isEnabled)
        assertFalse(Tracing.fromEnvironment(env("OTEL_SDK_DISABLED" to "true")) {}.isEnabled)
        assertTrue(Tracing.fromEnvironment(env("OTEL_SDK_DISABLED" to "false")) {}.isEnabled)
        assertEquals("spanwise.jsonl.path", EnvironmentConfig.propertyName("SPANWISE_JSONL_PATH"))
    }

    @Test
    fun `invalid values fail at build time naming the value`() {
        fun message(vararg vars: Pair<String, String>, props: Map<String, String> = emptyMap()) =
            assertFailsWith<IllegalArgumentException> { Tracing.fromEnvironment(env(*vars, props = props)) {} }.message!!
        assertTrue(message("SPANWISE_EXPORTER" to "otlp,kafka").contains("'kafka'"))
        assertTrue(message("SPANWISE_SAMPLE_RATE" to "2").contains("SPANWISE_SAMPLE_RATE"))
        assertTrue(message("SPANWISE_SAMPLE_RATE" to "2").contains("'2'"))
        assertTrue(message("SPANWISE_QUEUE_CAPACITY" to "-5").contains("'-5'"))
        assertTrue(message("SPANWISE_MAX_BATCH_SIZE" to "lots").contains("'lots'"))
        assertTrue(message("SPANWISE_ENABLED" to "maybe").contains("'maybe'"))
        assertTrue(message("SPANWISE_EXPORTER" to "zipkin", "SPANWISE_ENDPOINT" to "ftp://x").contains("'ftp://x'"))
        assertTrue(message("OTEL_EXPORTER_OTLP_ENDPOINT" to "not a url").contains("'not a url'"))
        assertTrue(message("SPANWISE_EXPORTER" to "none,console").contains("none"))
        assertTrue(message(props = mapOf("spanwise.exporter" to "bogus")).contains("system property spanwise.exporter"))
        val noKey = message("SPANWISE_EXPORTER" to "tracentic")
        assertTrue(noKey.contains("SPANWISE_API_KEY"), noKey)
        val badHeader = message("OTEL_EXPORTER_OTLP_ENDPOINT" to "http://x:1", "OTEL_EXPORTER_OTLP_HEADERS" to "authorization=secret-value%zz")
        assertTrue(badHeader.contains("authorization") && !badHeader.contains("secret-value"), badHeader)
    }
}
