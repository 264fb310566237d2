package dev.spanwise.tracing.model.internal

import java.net.URI
import java.net.URLDecoder
import java.net.URLEncoder
import java.nio.ByteBuffer
import java.nio.charset.CharacterCodingException
import java.nio.charset.CodingErrorAction
import java.util.Base64

/**
 * Removes credentials from text before it reaches a log line, an exception message, a `toString()`
 * or an export result. It is the one place that knows what a credential looks like.
 *
 * From each configured secret (API keys and request header values) it masks the whole value, each
 * of its tokens (`Bearer <token>`, `k=v` lists), and what a base64 token decodes to (the
 * `user:password` of Basic auth, the user and the password alone), each in its raw, URL-encoded
 * and JSON-escaped spelling. From each configured URL it masks the user-info. It also masks the
 * user-info of any URL in the text (`http://user:password@host` keeps only its host, the user-info
 * replaced by [MASK]).
 * Parts shorter than [MIN_PART_LENGTH] chars are not masked: they would garble every message
 * without protecting anything.
 */
internal class SecretScrubber private constructor(private val parts: List<String>) {
    /** [text] with every credential part replaced by [MASK]; `""` for `null`. */
    fun scrub(text: String?): String {
        if (text.isNullOrEmpty()) return ""
        var s = redactUserInfo(text)
        for (p in parts) if (s.contains(p)) s = s.replace(p, MASK)
        return s
    }

    override fun toString(): String = "SecretScrubber(${parts.size} parts)"

    companion object {
        /** What a credential is replaced with. */
        const val MASK = "***"

        /** Shorter parts are not masked. */
        const val MIN_PART_LENGTH = 4

        /** Masks only URL user-info. */
        val NONE = SecretScrubber(emptyList())

        private val SCHEMES = setOf("bearer", "basic", "digest", "token", "apikey", "api-key", "negotiate", "key")
        private val USER_INFO = Regex("""(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s'"<>]*@""")
        private val SEPARATORS = Regex("""[\s,;]+""")

        /**
         * A scrubber for [secrets] (API keys, header values) and the user-info of [urls].
         */
        fun of(secrets: Collection<String>, urls: Collection<String> = emptyList()): SecretScrubber {
            val found = LinkedHashSet<String>()
            for (secret in secrets) addSecret(secret, found)
            for (url in urls) {
                val info = userInfo(url) ?: continue
                addSecret(info, found)
                // What a client may turn the user-info into: `Authorization: Basic base64(user:password)`.
                val plain = percentDecoded(info) ?: info
                addSecret(Base64.getEncoder().encodeToString(plain.toByteArray()), found)
            }
            val spelled = LinkedHashSet<String>()
            for (p in found) {
                if (p.length < MIN_PART_LENGTH) continue
                spelled.add(p)
                spelled.add(URLEncoder.encode(p, "UTF-8"))
                spelled.add(URLEncoder.encode(p, "UTF-8").replace("+", "%20"))
                spelled.add(p.replace("/", "\\/"))
                spelled.add(p.replace("=", "\\u003d").replace("/", "\\/"))
                spelled.add(p.replace("=", "\\u003d"))
            }
            return SecretScrubber(spelled.sortedByDescending { it.length })
        }

        /**
         * [url] safe to show: its user-info replaced by `***`. Also covers a value that is not a
         * valid URL (`user:secret@host`), as configuration errors echo what was given.
         */
        fun redactUrl(url: String): String {
            val s = redactUserInfo(url)
            if (s.contains("://")) return s
            val at = s.lastIndexOf('@')
            val slash = s.indexOf('/')
            return if (at >= 0 && (slash < 0 || at < slash)) MASK + s.substring(at) else s
        }

        /** The text with the user-info of every `scheme://…@` URL replaced by `***`. */
        fun redactUserInfo(text: String): String =
            if (text.indexOf('@') < 0) text else USER_INFO.replace(text) { it.groupValues[1] + MASK + "@" }

        /** The raw user-info of [url] (`user:password`), or `null` when it has none or is not a URL. */
        fun userInfo(url: String): String? {
            val raw = try {
                URI(url.trim()).rawUserInfo
            } catch (e: Exception) {
                null
            }
            if (raw != null) return raw
            // Not a parseable URI: take what sits between "//" and the last "@" of the authority.
            val start = url.indexOf("://").let { if (it < 0) 0 else it + 3 }
            val end = url.indexOfAny(charArrayOf('/', '?', '#'), start).let { if (it < 0) url.length else it }
            val at = url.lastIndexOf('@', end - 1)
            return if (at > start) url.substring(start, at) else null
        }

        private fun addSecret(secret: String, into: MutableSet<String>) {
            val value = secret.trim()
            if (value.isEmpty()) return
            into.add(value)
            addDecodedForms(value, into)
            for (raw in value.split(SEPARATORS)) {
                val token = raw.trim('"', '\'')
                if (token.isEmpty() || token.lowercase() in SCHEMES) continue
                into.add(token)
                addDecodedForms(token, into)
                val eq = token.indexOf('=')
                if (eq in 0 until token.length - 1) {
                    val after = token.substring(eq + 1)
                    if (after.any { it != '=' }) {
                        into.add(after)
                        addDecodedForms(after, into)
                    }
                }
            }
        }

        /** `user:password` pairs (percent-decoded, base64-decoded) and their halves. */
        private fun addDecodedForms(token: String, into: MutableSet<String>) {
            val decoded = LinkedHashSet<String>()
            percentDecoded(token)?.let { decoded.add(it) }
            base64Text(token)?.let { decoded.add(it) }
            for (d in decoded) {
                if (d == token) continue
                into.add(d)
                splitPair(d, into)
            }
            splitPair(token, into)
        }

        private fun splitPair(text: String, into: MutableSet<String>) {
            val colon = text.indexOf(':')
            if (colon < 0 || text.contains("://")) return
            into.add(text.substring(0, colon))
            into.add(text.substring(colon + 1))
            percentDecoded(text.substring(0, colon))?.let { into.add(it) }
            percentDecoded(text.substring(colon + 1))?.let { into.add(it) }
        }

        private fun percentDecoded(s: String): String? {
            if (!s.contains('%')) return null
            return try {
                URLDecoder.decode(s.replace("+", "%2B"), "UTF-8")
            } catch (e: IllegalArgumentException) {
                null
            }
        }

        /** What [token] decodes to as base64 (standard or URL-safe), when that is printable UTF-8 text. */
        private fun base64Text(token: String): String? {
            if (token.length < MIN_PART_LENGTH) return null
            val bytes = try {
                if (token.contains('-') || token.contains('_')) {
                    Base64.getUrlDecoder().decode(token)
                } else {
                    Base64.getDecoder().decode(token.padEnd((token.length + 3) / 4 * 4, '='))
                }
            } catch (e: IllegalArgumentException) {
                return null
            }
            val text = try {
                Charsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString()
            } catch (e: CharacterCodingException) {
                return null
            }
            return text.takeIf { t -> t.length >= MIN_PART_LENGTH && t.none { it.isISOControl() } }
        }
    }
}
