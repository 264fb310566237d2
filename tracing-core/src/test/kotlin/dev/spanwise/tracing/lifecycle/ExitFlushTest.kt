package dev.spanwise.tracing.lifecycle

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.config.EnvironmentConfig
import dev.spanwise.tracing.config.TracingConfig
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.internal.engine.ExitHook
import dev.spanwise.tracing.testing.FakeReceiver
import dev.spanwise.tracing.testing.Reply
import java.io.File
import java.util.concurrent.TimeUnit
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/**
 * RELIABILITY E7 with the defaults: a program that returns from `main` without `shutdown()` still
 * delivers every span (the shutdown hook is on by default), the hook never holds the JVM longer than
 * `shutdownTimeout` plus a small margin, and `SPANWISE_SHUTDOWN_HOOK=false` turns it off.
 */
class ExitFlushTest {
    private class Run(val exitMillisAfterMain: Long, val output: String)

    private fun runChild(endpoint: String, shutdownTimeoutMs: Long, env: Map<String, String> = emptyMap()): Run {
        val java = File(System.getProperty("java.home"), "bin/java").path
        val builder = ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OtlpExitProbe::class.java.name, endpoint, "$shutdownTimeoutMs")
            .redirectErrorStream(true)
        builder.environment().keys.removeIf { it.startsWith("SPANWISE_") || it.startsWith("OTEL_") }
        builder.environment().putAll(env)
        val process = builder.start()
        val output = StringBuilder()
        val reader = Thread { process.inputStream.bufferedReader().forEachLine { synchronized(output) { output.appendLine(it) } } }.apply { start() }
        val exited = process.waitFor(60, TimeUnit.SECONDS)
        val endedAt = System.nanoTime()
        if (!exited) process.destroyForcibly()
        reader.join(5_000)
        val text = synchronized(output) { output.toString() }
        assertTrue(exited, "the child JVM did not exit within 60 s; output:\n$text")
        assertEquals(0, process.exitValue(), text)
        val mainReturned = Regex("main returns at (\\d+)").find(text)?.groupValues?.get(1)?.toLong() ?: error("no main line in:\n$text")
        // nanoTime of two JVMs on one machine shares the same clock source on Linux.
        return Run((endedAt - mainReturned) / 1_000_000, text)
    }

    private fun FakeReceiver.spanIds(): Set<String> =
        requests.flatMap { r -> SPAN_ID.findAll(r.body).map { it.groupValues[1] }.toList() }.toSet()

    @Test
    fun `by default every span recorded before main returns reaches the OTLP backend`() {
        FakeReceiver().use { receiver ->
            val run = runChild(receiver.url, shutdownTimeoutMs = 10_000)
            println("exit flush: ${receiver.spanIds().size} spans delivered, JVM exited ${run.exitMillisAfterMain} ms after main")
            assertEquals(1000, receiver.spanIds().size, run.output)
        }
    }

    @Test
    fun `with a hung backend the hook lets the JVM exit within shutdownTimeout plus a small margin`() {
        FakeReceiver { Reply(200, "{}", delayMillis = 30_000) }.use { receiver ->
            val run = runChild(receiver.url, shutdownTimeoutMs = 2_000)
            println("hung backend: JVM exited ${run.exitMillisAfterMain} ms after main")
            assertTrue(receiver.requests.isNotEmpty(), "the hook tried to deliver")
            assertTrue(run.exitMillisAfterMain < 2_000 + 1_500, "exited ${run.exitMillisAfterMain} ms after main")
        }
    }

    @Test
    fun `SPANWISE_SHUTDOWN_HOOK=false turns the hook off - the JVM exits at once and queued spans are lost`() {
        FakeReceiver().use { receiver ->
            val run = runChild(receiver.url, shutdownTimeoutMs = 10_000, env = mapOf("SPANWISE_SHUTDOWN_HOOK" to "false"))
            println("hook off: ${receiver.spanIds().size} spans delivered, JVM exited ${run.exitMillisAfterMain} ms after main")
            assertTrue(receiver.spanIds().size < 1000, "spans of the unfinished batch are not delivered")
        }
    }

    @Test
    fun `the hook is registered by default, removed by the application's own shutdown, and not registered when turned off`(): Unit =
        kotlinx.coroutines.runBlocking {
            val before = ExitHook.registered.get()
            val tracing = Tracing { exporter = Exporters.inMemory() }
            assertEquals(before + 1, ExitHook.registered.get())
            tracing.shutdown()
            assertEquals(before, ExitHook.registered.get(), "shutdown() removes the hook")
            val off = Tracing {
                exporter = Exporters.inMemory()
                registerShutdownHook = false
            }
            assertEquals(before, ExitHook.registered.get())
            off.shutdown()
            val fromEnv = Tracing.fromEnvironment(EnvironmentConfig(emptyMap(), mapOf("spanwise.shutdown.hook" to "false"))) {
                exporter = Exporters.inMemory()
            }
            assertEquals(before, ExitHook.registered.get(), "spanwise.shutdown.hook=false")
            fromEnv.shutdown()
            val config = TracingConfig()
            assertTrue(config.registerShutdownHook, "on by default")
            EnvironmentConfig(mapOf("SPANWISE_SHUTDOWN_HOOK" to "false")).applySettings(config)
            assertEquals(false, config.registerShutdownHook)
        }

    private companion object {
        val SPAN_ID = Regex("\"spanId\":\"([0-9a-f]{16})\"")
    }
}
