package dev.spanwise.tracing.testing

import java.io.ByteArrayOutputStream
import java.io.PrintStream

/** Captures everything written to stderr and stdout (slf4j-simple logs to stderr) while [block] runs. */
object LogCapture {
    fun <T> capture(block: () -> T): Pair<T, String> {
        val buffer = ByteArrayOutputStream()
        val oldErr = System.err
        val oldOut = System.out
        val tee = PrintStream(TeeStream(buffer, oldErr), true)
        System.setErr(tee)
        System.setOut(PrintStream(TeeStream(buffer, oldOut), true))
        try {
            val result = block()
            return result to buffer.toString(Charsets.UTF_8)
        } finally {
            System.setErr(oldErr)
            System.setOut(oldOut)
        }
    }

    private class TeeStream(val a: java.io.OutputStream, val b: java.io.OutputStream) : java.io.OutputStream() {
        override fun write(x: Int) { synchronized(a) { a.write(x) }; b.write(x) }
        override fun write(buf: ByteArray, off: Int, len: Int) { synchronized(a) { a.write(buf, off, len) }; b.write(buf, off, len) }
    }
}
