package dev.spanwise.tracing.model

/**
 * The attributes a streamed LLM call records: written by the stream recording of the engine, read
 * by the console tree. OpenTelemetry GenAI names where the registry has one.
 */
internal object StreamingKeys {
    /** `true` on every streamed call (OpenTelemetry GenAI `gen_ai.request.stream`). */
    const val STREAM = "gen_ai.request.stream"

    /** Seconds from the span's start to the first chunk (OpenTelemetry GenAI, double). */
    const val TIME_TO_FIRST_CHUNK = "gen_ai.response.time_to_first_chunk"

    /** How many chunks arrived before the stream ended (long). */
    const val CHUNKS = "spanwise.stream.chunks"
}
