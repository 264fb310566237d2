package dev.spanwise.tracing.scope

/**
 * An open LLM or embedding call started explicitly (with [TraceScope.createLlmCall] or
 * `Tracing.beginLlmCall`) rather than through the `llm { }` DSL: record usage and content on it, then
 * [end] it. Cost is computed from the configured pricing when it ends.
 */
public interface LlmScope :
    TraceScope,
    LlmRecorder
