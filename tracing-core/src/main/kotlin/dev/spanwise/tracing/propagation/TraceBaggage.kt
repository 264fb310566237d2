@file:JvmName("TraceBaggages")

package dev.spanwise.tracing.propagation

import dev.spanwise.tracing.model.InternalTracingApi
import dev.spanwise.tracing.model.TraceIdentity
import java.io.ByteArrayOutputStream

/** The W3C Baggage header, carrying a trace's session id, tags and metadata (and, when allowed, its user id). */
public const val BAGGAGE_HEADER: String = "baggage"

/** The longest `baggage` value Spanwise sends or reads; longer incoming values are rejected unread. */
public const val MAX_BAGGAGE_LENGTH: Int = 4096

/**
 * The one rule for a trace's identity in the W3C `baggage` header, used by the Ktor plugins and the
 * Java facade. Entries: `session.id`, `user.id` (only when the caller allows it: a user id is personal
 * data), `spanwise.tags` (the tags joined by commas) and `spanwise.metadata.<key>` (values as text).
 * Values are percent-encoded UTF-8; the whole value stays within [MAX_BAGGAGE_LENGTH] (entries that
 * do not fit are left out) and at most [MAX_ENTRIES] entries. On reading, unknown keys, malformed
 * entries and invalid percent-encodings are ignored, never an error.
 */
@InternalTracingApi
public object TraceBaggage {
    /** At most this many entries are sent or read. */
    public const val MAX_ENTRIES: Int = 64
    private const val SESSION = "session.id"
    private const val USER = "user.id"
    private const val TAGS = "spanwise.tags"
    private const val METADATA = "spanwise.metadata."

    /** The `baggage` value for [identity], or `null` when there is nothing to send. Never throws. */
    @JvmStatic
    public fun encode(identity: TraceIdentity?, includeUserId: Boolean): String? {
        if (identity == null) return null
        val sb = StringBuilder()
        var entries = 0
        fun add(key: String, value: String) {
            if (entries >= MAX_ENTRIES || !isToken(key)) return
            val entry = key + "=" + percentEncode(value)
            val added = entry.length + if (sb.isEmpty()) 0 else 1
            if (sb.length + added > MAX_BAGGAGE_LENGTH) return
            if (sb.isNotEmpty()) sb.append(',')
            sb.append(entry)
            entries++
        }
        identity.sessionId?.let { add(SESSION, it) }
        if (includeUserId) identity.userId?.let { add(USER, it) }
        if (identity.tags.isNotEmpty()) add(TAGS, identity.tags.filter { ',' !in it }.joinToString(","))
        identity.metadata.forEach { (k, v) -> add(METADATA + k, v.toString()) }
        return sb.toString().ifEmpty { null }
    }

    /** The identity in a `baggage` value; `null` when absent, too long or holding no Spanwise entry. Never throws. */
    @JvmStatic
    public fun decode(value: String?, includeUserId: Boolean): TraceIdentity? {
        if (value.isNullOrEmpty() || value.length > MAX_BAGGAGE_LENGTH) return null
        var session: String? = null
        var user: String? = null
        val tags = LinkedHashSet<String>()
        val metadata = LinkedHashMap<String, Any>()
        for ((i, raw) in value.split(',').withIndex()) {
            if (i >= MAX_ENTRIES) break
            val member = raw.substringBefore(';')
            val eq = member.indexOf('=')
            if (eq <= 0) continue
            val key = member.substring(0, eq).trim()
            val decoded = percentDecode(member.substring(eq + 1).trim()) ?: continue
            if (!isToken(key) || decoded.isBlank()) continue
            when {
                key == SESSION -> session = decoded
                key == USER -> if (includeUserId) user = decoded
                key == TAGS -> decoded.split(',').filter { it.isNotBlank() }.forEach { tags.add(it) }
                key.startsWith(METADATA) && key.length > METADATA.length -> metadata[key.substring(METADATA.length)] = decoded
            }
        }
        if (session == null && user == null && tags.isEmpty() && metadata.isEmpty()) return null
        return TraceIdentity(session, user, tags, metadata)
    }

    private fun isToken(key: String): Boolean = key.isNotEmpty() && key.all { it.code in 0x21..0x7e && it !in "()<>@,;:\\\"/[]?={}" }

    /** Percent-encodes every byte outside W3C `baggage-octet`, and `%` itself. */
    private fun percentEncode(value: String): String {
        val sb = StringBuilder(value.length)
        for (b in value.encodeToByteArray()) {
            val c = b.toInt() and 0xff
            val plain = c == 0x21 || c in 0x23..0x2b || c in 0x2d..0x3a || c in 0x3c..0x5b || c in 0x5d..0x7e
            if (plain && c != '%'.code) sb.append(c.toChar()) else sb.append('%').append(HEX[c shr 4]).append(HEX[c and 0xf])
        }
        return sb.toString()
    }

    /** Decodes `%XX` sequences as UTF-8; `null` for a malformed sequence or invalid UTF-8. */
    private fun percentDecode(value: String): String? {
        if ('%' !in value) return value
        val out = ByteArrayOutputStream(value.length)
        var i = 0
        while (i < value.length) {
            val c = value[i]
            if (c == '%') {
                if (i + 2 >= value.length) return null
                val hi = Character.digit(value[i + 1], 16)
                val lo = Character.digit(value[i + 2], 16)
                if (hi < 0 || lo < 0) return null
                out.write(hi * 16 + lo)
                i += 3
            } else {
                if (c.code > 0x7e) return null
                out.write(c.code)
                i++
            }
        }
        return try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString()
        } catch (e: java.nio.charset.CharacterCodingException) {
            null
        }
    }

    private val HEX = "0123456789ABCDEF".toCharArray()
}
