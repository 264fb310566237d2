package dev.spanwise.tracing.scope

import dev.spanwise.tracing.model.AgentArtifact
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.model.SpanStatus
import dev.spanwise.tracing.model.TraceIdentity
import dev.spanwise.tracing.model.UsageTotals

/**
 * An open unit of work — an agent run, a request, a step, an LLM call — that becomes one exported
 * span when it [end]s.
 *
 * ### Thread-safety and failure
 * Every method is thread-safe and never throws into the caller: bad arguments are sanitised and
 * counted, calls after [end] are ignored (logged at DEBUG).
 *
 * ### Linking across services
 * [id] is the value to send to another service (in [dev.spanwise.tracing.propagation.PARENT_SCOPE_HEADER]
 * or a message property); passing it as `parentScopeId` there makes the remote scope a real child in
 * the same trace.
 */
public interface TraceScope {
    /** The scope id: `<32 hex trace id>-<16 hex span id>`. */
    public val id: String

    /** The trace id: 32 lower-case hex chars. */
    public val traceId: String

    /** The span id: 16 lower-case hex chars. */
    public val spanId: String

    /** The name given when the scope started. */
    public val name: String

    /** What the scope stands for. */
    public val kind: ScopeKind

    /** The correlation id, inherited from the parent unless one was given. */
    public val correlationId: String?

    /** The parent's scope id (local or remote), or `null` for a root. */
    public val parentScopeId: String?

    /** Whether this scope records anything: `false` when tracing is disabled or the trace is sampled out. */
    public val isRecording: Boolean

    /** Whether [end] was called. */
    public val isEnded: Boolean

    /**
     * Renames the scope before it ends (for example once a server learns the request's route).
     * Blank names and calls after [end] are ignored.
     */
    public fun updateName(name: String) {}

    /** Sets an attribute; later values replace earlier ones. `null` values are ignored. */
    public fun attribute(key: String, value: Any?)

    /** Sets a numeric attribute (token counts, sizes); boxed only when the span is recorded. */
    public fun attribute(key: String, value: Long)

    /** Sets a numeric attribute; boxed only when the span is recorded. */
    public fun attribute(key: String, value: Int)

    /** Sets a floating-point attribute (scores, temperatures); boxed only when the span is recorded. */
    public fun attribute(key: String, value: Double)

    /** Adds a timestamped event with [attributes]. */
    public fun event(name: String, attributes: Map<String, Any?>)

    /** Adds a timestamped event. */
    public fun event(name: String)

    /**
     * Puts the whole local trace in the conversation [id] (exported as `session.id` and
     * `gen_ai.conversation.id`). Like [user], [tags] and [metadata] it may be called on any scope of
     * the trace; every span of the trace that ends afterwards carries it — a span that already ended
     * does not. Blank values are ignored.
     */
    public fun session(id: String) {}

    /** Records the end user the whole local trace serves (exported as `user.id`); see [session]. */
    public fun user(id: String) {}

    /** Adds labels to the whole local trace (duplicates are kept once); see [session]. */
    public fun tags(vararg tags: String) {}

    /**
     * Adds a fact about the whole local trace; [value] must be a string, number or boolean (anything
     * else, and `null`, is ignored). A later value for the same key replaces the earlier one; see [session].
     */
    public fun metadata(key: String, value: Any?) {}

    /** The trace's session, user, tags and metadata set so far, or `null` when none was set. */
    public val traceIdentity: TraceIdentity? get() = null

    /**
     * Adopts [identity] (for example one read from an incoming `baggage` header): its session, user,
     * tags and metadata are set on this scope's trace as by [session], [user], [tags] and [metadata].
     */
    public fun identity(identity: TraceIdentity) {
        identity.sessionId?.let { session(it) }
        identity.userId?.let { user(it) }
        if (identity.tags.isNotEmpty()) tags(*identity.tags.toTypedArray())
        identity.metadata.forEach { (k, v) -> metadata(k, v) }
    }

    /**
     * The W3C `baggage` value that carries this trace's session id, tags and metadata to a service it
     * calls (and its user id when `propagateUserId` is on), or `null` when there is nothing to send.
     */
    public fun baggage(): String? = null

    /**
     * Captures what this unit of work was given (a user question, tool arguments, a query) — only
     * when content capture is on; masked and bounded first, like LLM content.
     */
    public fun input(content: String) {}

    /** Captures what this unit of work produced — only when content capture is on; masked and bounded first. */
    public fun output(content: String) {}

    /**
     * Marks the scope WARNING with [message] (masked and bounded like an exception message) without
     * failing it: it still ends OK, unless it ends in error, which stays ERROR.
     */
    public fun warning(message: String) {}

    /**
     * Records what a coding agent produced or touched — a checkpoint, a file operation, a terminal
     * command, a git link — as a typed event on this span (see [AgentArtifact]). File contents and a
     * command's output are content (kept only when capture is on, masked and bounded); a command line
     * and a description are masked and bounded like a warning message. Counts against the span's
     * event limit; does nothing on a scope that does not record.
     */
    public fun artifact(artifact: AgentArtifact) {}

    /**
     * Marks this (TOOL) span as the execution of the tool call [id] that an LLM response asked for
     * (`LlmRecorder.toolCall`): recorded as `gen_ai.tool.call.id`, with a span link to that LLM span when
     * it was recorded in this trace and process. Does nothing on a scope that does not record.
     */
    public fun toolCallId(id: String) {}

    /** Records [error] (type, message, stack trace) and marks the scope as failed. */
    public fun recordException(error: Throwable)

    /**
     * Records a numeric score about this scope (an evaluation result: `helpfulness` 0.9), exported
     * as its own zero-length `EVALUATION` span under this one. [comment] is kept even when content
     * capture is off, after the content mask. A blank [name] or a NaN/infinite [value] is ignored,
     * counted and logged; nothing is recorded for a scope that does not record. Allowed after [end].
     */
    public fun score(name: String, value: Double, comment: String? = null) {}

    /** Records a boolean score (value 1.0/0.0, label `true`/`false`); otherwise like the numeric [score]. */
    public fun score(name: String, value: Boolean, comment: String? = null) {}

    /** Records a categorical score: [label] only (`"good"`, `"pass"`); otherwise like the numeric [score]. */
    public fun score(name: String, label: String, comment: String? = null) {}

    /** Starts a child scope in the same trace, inheriting the correlation id and scope attributes. */
    public fun createChild(name: String, attributes: Map<String, Any?> = emptyMap(), kind: ScopeKind = ScopeKind.CHAIN): TraceScope

    /** Starts a child LLM call (kind [ScopeKind.LLM], or [ScopeKind.EMBEDDING] when [operation] is `embeddings`). */
    public fun createLlmCall(name: String, provider: String?, model: String?, operation: String = "chat"): LlmScope

    /** Tokens and cost of this scope's subtree so far. */
    public fun totals(): UsageTotals

    /** The W3C `traceparent` value for this scope. */
    public fun traceparent(): String

    /** Ends the scope with status OK (or ERROR if an exception was recorded). Idempotent. */
    public fun end()

    /** Ends the scope with [status]. Idempotent: only the first end counts. */
    public fun end(status: SpanStatus)
}
