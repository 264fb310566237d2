package dev.spanwise.tracing.testing

import ch.qos.logback.classic.Level
import ch.qos.logback.classic.Logger
import ch.qos.logback.classic.spi.ILoggingEvent
import ch.qos.logback.core.read.ListAppender
import org.slf4j.LoggerFactory

/** Captures log events of a logger (and its children) while [block] runs. */
class LogCapture private constructor(private val appender: ListAppender<ILoggingEvent>) {
    val events: List<ILoggingEvent> get() = synchronized(appender.list) { appender.list.toList() }

    fun messages(level: Level): List<String> = events.filter { it.level == level }.map { it.formattedMessage }

    fun all(): List<String> = events.map { it.formattedMessage }

    companion object {
        suspend fun <T> capture(loggerName: String = "dev.spanwise", block: suspend (LogCapture) -> T): T {
            val logger = LoggerFactory.getLogger(loggerName) as Logger
            val appender = ListAppender<ILoggingEvent>().apply { start() }
            val previous = logger.level
            logger.level = Level.DEBUG
            logger.addAppender(appender)
            try {
                return block(LogCapture(appender))
            } finally {
                logger.detachAppender(appender)
                logger.level = previous
            }
        }
    }
}
