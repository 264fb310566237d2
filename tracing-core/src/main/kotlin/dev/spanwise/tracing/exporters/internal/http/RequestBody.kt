package dev.spanwise.tracing.exporters.internal.http

import io.ktor.http.ContentType
import io.ktor.http.content.OutgoingContent
import io.ktor.utils.io.ByteWriteChannel
import io.ktor.utils.io.writeFully
import java.io.IOException
import java.util.concurrent.atomic.AtomicInteger

/**
 * A request body: the first [length] bytes of [bytes], sent without a copy, so [bytes] may be a
 * reused buffer. The owner calls [release] once the request is over; it answers whether the
 * buffer is free for reuse: `false` while an HTTP engine is still copying from it (a writer that
 * outlived its call), in which case the owner must let the buffer go. After [release], a late
 * writer fails instead of reading bytes that may have been overwritten.
 */
internal class RequestBody(val bytes: ByteArray, val length: Int = bytes.size) {
    // >= 0: the number of writers copying from [bytes]; RELEASED once the owner took it back.
    private val state = AtomicInteger()

    init {
        require(length in 0..bytes.size) { "length must be within [0, ${bytes.size}], was $length" }
    }

    /** This body gzip-compressed, as a new body that owns its bytes. */
    fun gzipped(): RequestBody = RequestBody(ResponseBody.gzip(bytes, length))

    /** Ends the owner's use; `true` if no writer holds [bytes], so the buffer may be reused. */
    fun release(): Boolean = state.compareAndSet(0, RELEASED)

    /** The body as Ktor content of [type], with a `Content-Length`. */
    fun content(type: ContentType): OutgoingContent = Content(type)

    private inner class Content(override val contentType: ContentType) : OutgoingContent.WriteChannelContent() {
        override val contentLength: Long get() = length.toLong()

        override suspend fun writeTo(channel: ByteWriteChannel) {
            if (!enter()) throw IOException("request body already released")
            try {
                channel.writeFully(bytes, 0, length)
            } finally {
                state.decrementAndGet()
            }
        }
    }

    private fun enter(): Boolean {
        while (true) {
            val s = state.get()
            if (s == RELEASED) return false
            if (state.compareAndSet(s, s + 1)) return true
        }
    }

    private companion object {
        const val RELEASED = -1
    }
}
