package dev.spanwise.tracing.testing

import java.io.ByteArrayOutputStream
import java.io.InputStream
import java.io.OutputStream

/** Minimal HTTP/1.1 framing for the socket-level test servers ([RawServer], [TlsServer]). */
object HttpWire {
    private val OK = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}".toByteArray()

    /** Reads one request (head, then a `Content-Length` body) and returns its body, or `null` at end of stream. */
    fun readRequestBody(input: InputStream): String? {
        val head = ByteArrayOutputStream()
        var last4 = 0
        while (last4 != 0x0d0a0d0a) {
            val b = input.read()
            if (b < 0) return null
            head.write(b)
            last4 = (last4 shl 8) or b
        }
        val length = Regex("(?im)^content-length:\\s*(\\d+)").find(head.toString(Charsets.ISO_8859_1))?.groupValues?.get(1)?.toInt() ?: 0
        val body = ByteArray(length)
        var read = 0
        while (read < length) {
            val n = input.read(body, read, length - read)
            if (n < 0) return null
            read += n
        }
        return body.decodeToString()
    }

    /** Answers `200 {}`. */
    fun writeOk(output: OutputStream) {
        output.write(OK)
        output.flush()
    }
}
