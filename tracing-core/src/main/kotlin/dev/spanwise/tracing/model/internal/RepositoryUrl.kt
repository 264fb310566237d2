package dev.spanwise.tracing.model.internal

/**
 * A repository URL fit for a span: without user-info (`https://user:token@host/x` → `https://host/x`,
 * `ssh://git@host/x` → `ssh://host/x`, `user:pw@host:x` → `host:x`), query or fragment.
 */
internal object RepositoryUrl {
    fun withoutUserInfo(url: String): String {
        val trimmed = url.trim()
        val scheme = trimmed.indexOf("://")
        if (scheme > 0) {
            val authorityStart = scheme + 3
            val pathStart = trimmed.indexOfAny(charArrayOf('/', '?', '#'), authorityStart).let { if (it < 0) trimmed.length else it }
            val at = trimmed.lastIndexOf('@', pathStart - 1)
            val host = if (at >= authorityStart) trimmed.substring(at + 1, pathStart) else trimmed.substring(authorityStart, pathStart)
            val rest = trimmed.substring(pathStart).substringBefore('?').substringBefore('#')
            return trimmed.substring(0, authorityStart) + host + rest
        }
        // scp-like `[user@]host:path`: user-info is everything before the last '@' ahead of the first ':' after it.
        val colon = trimmed.indexOf(':', trimmed.lastIndexOf('@').coerceAtLeast(0))
        val at = if (colon > 0) trimmed.lastIndexOf('@', colon) else -1
        return if (at >= 0) trimmed.substring(at + 1) else trimmed
    }
}
