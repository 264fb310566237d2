package dev.spanwise.samples.modules

import java.io.File
import java.util.concurrent.TimeUnit
import javax.tools.ToolProvider
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/**
 * The Spanwise jars work as named modules: a small Java application with its own `module-info.java`
 * (`src/test/modular-app`) that `requires` the Spanwise modules is compiled and run on the module
 * path only — no class path — with the running JDK's `javac` and `java`, against the built Spanwise
 * artifacts and their runtime dependencies (the lists the build writes to `target/module-path*.txt`).
 */
class ModulePathSmokeTest {
    private val appSources = File(System.getProperty("spanwise.modularApp.sources", "src/test/modular-app"))
    private val work = File(System.getProperty("spanwise.modularApp.work", "target/modular-app"))

    @Test
    fun `an application on the module path records a span and prints it`() {
        val modulePath = modulePath()
        val classes = File(work, "classes").apply {
            deleteRecursively()
            mkdirs()
        }
        val sources = appSources.walkTopDown().filter { it.isFile && it.extension == "java" }.map { it.path }.toList()
        val javac = ToolProvider.getSystemJavaCompiler()
        val compiled = javac.run(null, System.out, System.err, "--release", "11", "--module-path", modulePath, "-d", classes.path, *sources.toTypedArray())
        assertEquals(0, compiled, "javac of the modular app failed")

        val java = File(System.getProperty("java.home"), "bin/java").path
        val log = File(work, "run.log")
        val process = ProcessBuilder(java, "--module-path", classes.path + File.pathSeparator + modulePath, "-m", "$APP_MODULE/$APP_MAIN")
            .redirectErrorStream(true)
            .redirectOutput(log)
            .start()
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the modular app did not finish")
        val output = log.readText()
        println(output)
        assertEquals(0, process.exitValue(), "the modular app failed:\n$output")
        assertTrue("recorded span: modular-agent kind=AGENT status=OK" in output, output)
        assertTrue("module: dev.spanwise.tracing.interop" in output, output)
    }

    /** The Spanwise jars and their runtime dependencies, joined with the platform's path separator. */
    private fun modulePath(): String {
        val lists = (System.getProperty("spanwise.modulePath.files") ?: error("spanwise.modulePath.files is not set: run through Maven"))
            .split(',')
            .map { File(it.trim()).readText().trim() }
            .filter { it.isNotEmpty() }
        return lists.flatMap { it.split(File.pathSeparator) }.distinct().joinToString(File.pathSeparator)
    }

    private companion object {
        const val APP_MODULE = "dev.spanwise.samples.modular"
        const val APP_MAIN = "dev.spanwise.samples.modular.ModularApp"
    }
}
