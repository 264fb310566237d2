package dev.spanwise.tracing.model

/**
 * Rewrites captured content (LLM input/output, error messages) before anything is stored, e.g. to
 * redact e-mail addresses. Runs on the thread that records the content.
 *
 * If it throws, the content is replaced by `"<masked: hook failed>"` — never kept raw.
 */
public fun interface ContentMask {
    /** Returns the text to store in place of [content]. */
    public fun mask(content: String): String
}
