package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.model.TraceIdentity

/**
 * The session, user, tags and metadata of one local trace, created by its local root at the first
 * `session`/`user`/`tags`/`metadata` call (a trace that sets none allocates nothing). Writers build a
 * new immutable [snapshot] under the holder's lock; a span reads the snapshot once when it ends.
 */
internal class TraceIdentityHolder(private val engine: TracingEngine) {
    @Volatile
    var snapshot: TraceIdentity = TraceIdentity(null, null, emptySet(), emptyMap())
        private set

    fun session(id: String) {
        if (id.isBlank()) return engine.misuse("blank session id ignored")
        val value = TextBounds.value(id, engine.limits, engine.log, "session id")
        update { TraceIdentity(value, it.userId, it.tags, it.metadata) }
    }

    fun user(id: String) {
        if (id.isBlank()) return engine.misuse("blank user id ignored")
        val value = TextBounds.value(id, engine.limits, engine.log, "user id")
        update { TraceIdentity(it.sessionId, value, it.tags, it.metadata) }
    }

    fun tags(tags: Array<out String>) {
        val max = engine.limits.maxAttributes
        update { current ->
            val set = LinkedHashSet(current.tags)
            for (tag in tags) {
                @Suppress("SENSELESS_COMPARISON")
                if (tag == null || tag.isBlank()) continue
                if (set.size >= max) {
                    engine.misuse("tag beyond the $max allowed ignored")
                    break
                }
                set.add(TextBounds.value(tag, engine.limits, engine.log, "tag"))
            }
            if (set.size == current.tags.size) current else TraceIdentity(current.sessionId, current.userId, set, current.metadata)
        }
    }

    fun metadata(key: String, value: Any?) {
        val normalized = normalize(value)
        if (key.isBlank() || normalized == null) return engine.misuse("metadata '$key' ignored: blank key or not a string, number or boolean")
        val k = TextBounds.value(key, engine.limits, engine.log, "metadata key")
        update { current ->
            if (k !in current.metadata && current.metadata.size >= engine.limits.maxAttributes) {
                engine.misuse("metadata beyond the ${engine.limits.maxAttributes} allowed ignored")
                current
            } else {
                TraceIdentity(current.sessionId, current.userId, current.tags, LinkedHashMap(current.metadata).apply { put(k, normalized) })
            }
        }
    }

    /** Strings (bounded), whole numbers as `Long`, finite fractions as `Double`, booleans; else `null`. */
    private fun normalize(value: Any?): Any? = when (value) {
        is String -> TextBounds.value(value, engine.limits, engine.log, "metadata value")
        is Long, is Boolean -> value
        is Int -> value.toLong()
        is Short -> value.toLong()
        is Byte -> value.toLong()
        is Double -> value.takeIf { it.isFinite() }
        is Float -> value.toDouble().takeIf { it.isFinite() }
        else -> null
    }

    private inline fun update(change: (TraceIdentity) -> TraceIdentity) {
        synchronized(this) { snapshot = change(snapshot) }
    }
}
