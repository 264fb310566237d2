package dev.spanwise.tracing.exporters.internal.http

import java.net.URI
import java.net.URLDecoder
import java.util.Base64

/**
 * Credentials written into an endpoint URL (`https://user:password@host`) never travel in the URL,
 * where HTTP clients log it: requests go to the URL without its user-info, and the user-info is
 * sent as `Authorization: Basic` unless an `Authorization` header is configured.
 */
internal class UserInfoAuth private constructor(
    /** The URL requests are sent to. */
    val url: String,
    /** `Basic base64(user:password)`, or `null` when the URL has no user-info. */
    val authorization: String?,
) {
    companion object {
        private val cache = java.util.concurrent.ConcurrentHashMap<String, UserInfoAuth>()

        /** [url] split into where to send and what to authenticate with. */
        fun of(url: String): UserInfoAuth {
            if (url.indexOf('@') < 0) return UserInfoAuth(url, null)
            return cache.computeIfAbsent(url) { parse(it) }
        }

        private fun parse(url: String): UserInfoAuth {
            val uri = try {
                URI(url)
            } catch (e: Exception) {
                return UserInfoAuth(url, null)
            }
            val info = uri.rawUserInfo ?: return UserInfoAuth(url, null)
            val stripped = url.replaceFirst("$info@", "")
            val plain = try {
                URLDecoder.decode(info.replace("+", "%2B"), "UTF-8")
            } catch (e: IllegalArgumentException) {
                info
            }
            return UserInfoAuth(stripped, "Basic " + Base64.getEncoder().encodeToString(plain.toByteArray()))
        }
    }
}
