package dev.spanwise.tracing.model.internal

import org.slf4j.Logger
import org.slf4j.LoggerFactory
import java.util.concurrent.ConcurrentHashMap

/**
 * Logs through SLF4J with a per-message-kind budget: at most 5 per minute, then 1 per minute.
 * Messages are parameterised; callers escape untrusted text with [escape].
 */
internal class ThrottledLogger(name: String, private val nanoTime: () -> Long = System::nanoTime) {
    val delegate: Logger = LoggerFactory.getLogger(name)
    private val windows = ConcurrentHashMap<String, Window>()

    private class Window(var start: Long, var count: Int, var minutesOver: Int)

    fun warn(kind: String, format: String, vararg args: Any?) {
        if (delegate.isWarnEnabled && allow(kind)) delegate.warn(format, *args)
    }

    fun error(kind: String, format: String, vararg args: Any?) {
        if (delegate.isErrorEnabled && allow(kind)) delegate.error(format, *args)
    }

    fun info(kind: String, format: String, vararg args: Any?) {
        if (delegate.isInfoEnabled && allow(kind)) delegate.info(format, *args)
    }

    fun debug(format: String, vararg args: Any?) {
        if (delegate.isDebugEnabled) delegate.debug(format, *args)
    }

    private fun allow(kind: String): Boolean {
        val now = nanoTime()
        val w = windows.computeIfAbsent(kind) { Window(now, 0, 0) }
        synchronized(w) {
            if (now - w.start >= MINUTE) {
                w.minutesOver = if (w.count > PER_MINUTE) w.minutesOver + 1 else 0
                w.start = now
                w.count = 0
            }
            w.count++
            val budget = if (w.minutesOver > 0) 1 else PER_MINUTE
            return w.count <= budget
        }
    }

    companion object {
        private const val MINUTE = 60_000_000_000L
        private const val PER_MINUTE = 5

        /** Bounds untrusted text (server messages) to 1024 chars and escapes CR/LF and control chars. */
        fun escape(text: String?, max: Int = 1024): String {
            if (text == null) return ""
            val sb = StringBuilder(minOf(text.length, max) + 16)
            for (c in text) {
                if (sb.length >= max) {
                    sb.append("…")
                    break
                }
                when {
                    c == '\r' -> sb.append("\\r")
                    c == '\n' -> sb.append("\\n")
                    c.code < 0x20 || c.code == 0x7f -> sb.append("\\u").append(String.format("%04x", c.code))
                    else -> sb.append(c)
                }
            }
            return sb.toString()
        }
    }
}
