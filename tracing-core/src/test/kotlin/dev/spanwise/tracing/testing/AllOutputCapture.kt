package dev.spanwise.tracing.testing

import ch.qos.logback.classic.Level
import ch.qos.logback.classic.Logger
import ch.qos.logback.classic.spi.ILoggingEvent
import ch.qos.logback.classic.spi.ThrowableProxyUtil
import ch.qos.logback.core.read.ListAppender
import org.slf4j.LoggerFactory
import java.io.ByteArrayOutputStream
import java.io.OutputStream
import java.io.PrintStream

/**
 * Captures every log event of every logger at TRACE (root, `io.ktor.*` and `dev.spanwise.*`
 * included, with stack traces) plus everything written to stdout and stderr while [block] runs.
 */
object AllOutputCapture {
    fun <T> capture(block: () -> T): Pair<T, String> {
        val names = listOf(Logger.ROOT_LOGGER_NAME, "io.ktor", "dev.spanwise")
        val loggers = names.map { LoggerFactory.getLogger(it) as Logger }
        val previous = loggers.map { it.level }
        val appender = ListAppender<ILoggingEvent>().apply { start() }
        loggers.forEach { it.level = Level.TRACE }
        loggers[0].addAppender(appender)
        val buffer = ByteArrayOutputStream()
        val oldErr = System.err
        val oldOut = System.out
        System.setErr(PrintStream(Tee(buffer, oldErr), true))
        System.setOut(PrintStream(Tee(buffer, oldOut), true))
        try {
            val result = block()
            val logs = synchronized(appender.list) { appender.list.toList() }.joinToString("\n") { e ->
                e.level.toString() + " " + e.loggerName + " " + e.formattedMessage +
                    (e.throwableProxy?.let { "\n" + ThrowableProxyUtil.asString(it) } ?: "")
            }
            return result to (logs + "\n" + buffer.toString(Charsets.UTF_8))
        } finally {
            System.setErr(oldErr)
            System.setOut(oldOut)
            loggers[0].detachAppender(appender)
            loggers.forEachIndexed { i, l -> l.level = previous[i] }
        }
    }

    private class Tee(val a: OutputStream, val b: OutputStream) : OutputStream() {
        override fun write(x: Int) {
            synchronized(a) { a.write(x) }
            b.write(x)
        }

        override fun write(buf: ByteArray, off: Int, len: Int) {
            synchronized(a) { a.write(buf, off, len) }
            b.write(buf, off, len)
        }
    }
}
