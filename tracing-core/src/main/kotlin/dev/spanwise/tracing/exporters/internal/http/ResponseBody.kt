package dev.spanwise.tracing.exporters.internal.http

import io.ktor.utils.io.ByteReadChannel
import io.ktor.utils.io.readAvailable
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import java.util.zip.GZIPInputStream
import java.util.zip.GZIPOutputStream

/** Bounded reading of response bodies and gzip of request bodies. */
internal object ResponseBody {
    /** 4 MiB: the most of a response body ever read (after decompression). */
    const val MAX_BYTES: Int = 4 * 1024 * 1024

    /** Reads at most [max] bytes of [channel]; the rest is left unread (the connection is then discarded). */
    suspend fun read(channel: ByteReadChannel, max: Int): ByteArray {
        val out = ByteArrayOutputStream(minOf(max, 8192))
        val buffer = ByteArray(8192)
        while (out.size() < max) {
            val n = channel.readAvailable(buffer, 0, minOf(buffer.size, max - out.size()))
            if (n < 0) break
            if (n == 0) {
                if (channel.isClosedForRead) break
                channel.awaitContent()
                continue
            }
            out.write(buffer, 0, n)
        }
        return out.toByteArray()
    }

    /** Inflates [compressed], stopping at [max] bytes of output (a gzip bomb costs at most that). */
    fun gunzip(compressed: ByteArray, max: Int): ByteArray = try {
        GZIPInputStream(ByteArrayInputStream(compressed)).use { input ->
            val out = ByteArrayOutputStream(minOf(max, 8192))
            val buffer = ByteArray(8192)
            while (out.size() < max) {
                val n = input.read(buffer, 0, minOf(buffer.size, max - out.size()))
                if (n < 0) break
                out.write(buffer, 0, n)
            }
            out.toByteArray()
        }
    } catch (e: java.io.IOException) {
        ByteArray(0)
    }

    /** The first [length] bytes of [bytes], gzip-compressed. */
    fun gzip(bytes: ByteArray, length: Int = bytes.size): ByteArray {
        val out = ByteArrayOutputStream(length / 4 + 64)
        GZIPOutputStream(out).use { it.write(bytes, 0, length) }
        return out.toByteArray()
    }
}
