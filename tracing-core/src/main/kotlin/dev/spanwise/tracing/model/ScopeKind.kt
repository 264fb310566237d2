package dev.spanwise.tracing.model

/** What a scope or span stands for. Encoders map each kind to their backend's vocabulary. */
public enum class ScopeKind {
    /** An agent run: the usual root of a trace. */
    AGENT,

    /** A pipeline step or any grouping of work. */
    CHAIN,

    /** A tool or function call made by an agent. */
    TOOL,

    /** A search in a knowledge base, vector store or index. */
    RETRIEVAL,

    /** A call to a language model. */
    LLM,

    /** A call to an embedding model. */
    EMBEDDING,

    /** An input or output check (moderation, policy, validation). */
    GUARDRAIL,

    /** An incoming request handled by this service (used by the Ktor server plugin). */
    SERVER,

    /**
     * An evaluation result (a score) about another span or a whole trace: a zero-length span whose
     * parent is the span it judges, or a root of the trace it judges (see `TraceScope.score`).
     */
    EVALUATION,

    /** Anything else. */
    CUSTOM,
}
