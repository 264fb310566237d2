package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.model.SpanLink

/**
 * What any span may record besides attributes and events — captured input and output, a warning, and
 * for a tool span the call id it executes with its link to the LLM span that asked for it —
 * created at the first such call, so a span that records none of them stays small.
 */
internal class SpanExtras {
    @Volatile var input: String? = null

    @Volatile var output: String? = null

    @Volatile var warning: String? = null

    @Volatile var toolCallId: String? = null

    @Volatile var toolCallLink: SpanLink? = null

    /** On a local root: the trace's identity holder, created at first use. */
    @Volatile var identityHolder: TraceIdentityHolder? = null
}
