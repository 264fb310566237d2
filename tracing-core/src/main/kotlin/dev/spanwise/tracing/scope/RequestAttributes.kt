package dev.spanwise.tracing.scope

import dev.spanwise.tracing.model.Attributes
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext

/**
 * Per-request attributes carried in the coroutine context: every scope and span started inside it
 * gets them (above global, below scope and span attributes). The Ktor server plugin installs one per
 * call; use it directly for message consumers and other request loops.
 *
 * ```kotlin
 * withContext(RequestAttributes(mapOf("tenant.id" to tenant))) { tracing.traced("handle") { … } }
 * ```
 * Nested elements merge: the inner one's values win.
 */
public class RequestAttributes(attributes: Map<String, Any?>) : AbstractCoroutineContextElement(Key) {
    /** The attributes, normalised. */
    public val attributes: Attributes = Attributes.of(*attributes.map { it.key to it.value }.toTypedArray())

    /** Merges [inner] over these attributes. */
    public operator fun plus(inner: RequestAttributes): RequestAttributes {
        val merged = LinkedHashMap<String, Any?>(attributes.toMap())
        merged.putAll(inner.attributes.toMap())
        return RequestAttributes(merged)
    }

    override fun toString(): String = "RequestAttributes($attributes)"

    /** The context key. */
    public companion object Key : CoroutineContext.Key<RequestAttributes>
}
