package dev.spanwise.tracing.model

/**
 * Who and what a whole trace belongs to: the conversation ([sessionId]), the end user ([userId]),
 * free [tags] and [metadata]. Set on any scope of a trace and carried by every span of the local
 * trace that ends after it was set. Immutable.
 */
public class TraceIdentity internal constructor(
    /** The conversation this trace is one turn of, or `null`. */
    public val sessionId: String?,
    /** The end user the trace served, or `null`. */
    public val userId: String?,
    /** Free labels, in the order they were first added, without duplicates. */
    public val tags: Set<String>,
    /** Free key/value facts; values are `String`, `Long`, `Double` or `Boolean`. */
    public val metadata: Map<String, Any>,
) {
    /** Whether nothing is set. */
    public val isEmpty: Boolean get() = sessionId == null && userId == null && tags.isEmpty() && metadata.isEmpty()

    override fun equals(other: Any?): Boolean = other is TraceIdentity &&
        other.sessionId == sessionId &&
        other.userId == userId &&
        other.tags == tags &&
        other.metadata == metadata

    override fun hashCode(): Int = ((sessionId.hashCode() * 31 + userId.hashCode()) * 31 + tags.hashCode()) * 31 + metadata.hashCode()

    override fun toString(): String = "TraceIdentity(sessionId=$sessionId, userId=$userId, tags=$tags, metadata=$metadata)"
}
