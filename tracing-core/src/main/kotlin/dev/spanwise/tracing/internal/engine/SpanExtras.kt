package dev.spanwise.tracing.internal.engine

/**
 * What any span may record besides attributes and events — captured input and output and a warning —
 * created at the first such call, so a span that records none of them stays small.
 */
internal class SpanExtras {
    @Volatile var input: String? = null

    @Volatile var output: String? = null

    @Volatile var warning: String? = null
}
