package dev.spanwise.tracing.anthropic

import java.nio.file.Files
import java.nio.file.Paths

/** The log file slf4j-simple writes in tests (set in the pom). */
object TestLogs {
    fun text(): String {
        val file = System.getProperty("org.slf4j.simpleLogger.logFile") ?: return ""
        val path = Paths.get(file)
        return if (Files.exists(path)) String(Files.readAllBytes(path)) else ""
    }
}
