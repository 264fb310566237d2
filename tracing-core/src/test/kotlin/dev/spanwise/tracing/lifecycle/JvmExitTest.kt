package dev.spanwise.tracing.lifecycle

import java.io.File
import java.nio.file.Files
import java.util.concurrent.TimeUnit
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/** RELIABILITY E7: the SDK never keeps a JVM alive, and the opt-in shutdown hook delivers what is queued. */
class JvmExitTest {
    private fun runProbe(hook: Boolean): Pair<Int, Long> {
        val counts = Files.createTempFile("spanwise-exit", ".txt").toFile()
        val java = File(System.getProperty("java.home"), "bin/java").path
        val process = ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ExitProbe::class.java.name, hook.toString(), counts.path)
            .redirectErrorStream(true)
            .start()
        val exited = process.waitFor(60, TimeUnit.SECONDS)
        val endedAt = System.nanoTime()
        val output = process.inputStream.bufferedReader().readText()
        if (!exited) process.destroyForcibly()
        assertTrue(exited, "the JVM did not exit within 60 s after main returned; output:\n$output")
        assertEquals(0, process.exitValue(), output)
        val mainReturned = Regex("main returns at (\\d+)").find(output)!!.groupValues[1].toLong()
        val delivered = counts.readLines().filter { it.isNotBlank() }.sumOf { it.toInt() }
        counts.delete()
        // nanoTime of two JVMs on one machine shares the same clock source on Linux.
        return delivered to (endedAt - mainReturned) / 1_000_000
    }

    @Test
    fun `without the hook the JVM exits right after main, spans still queued are lost`() {
        val (_, exitMs) = runProbe(hook = false)
        println("E7 without hook: exited ${exitMs}ms after main returned")
        assertTrue(exitMs < 10_000, "exit took $exitMs ms")
    }

    @Test
    fun `with the shutdown hook every span is delivered before the JVM exits`() {
        val (delivered, exitMs) = runProbe(hook = true)
        println("E7 with hook: delivered $delivered, exited ${exitMs}ms after main returned")
        assertEquals(1000, delivered)
    }
}
