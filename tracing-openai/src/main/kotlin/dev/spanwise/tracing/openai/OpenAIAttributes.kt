package dev.spanwise.tracing.openai

/**
 * The attribute keys this module sets besides core's LLM fields (model, usage, finish reasons,
 * request parameters, response id, content).
 */
public object OpenAIAttributes {
    /** Which OpenAI API the call used: `chat.completions`, `responses` or `embeddings`. */
    public const val API: String = "openai.api"

    /** The HTTP status of a failed call (400, 401, 429, 500…). */
    public const val HTTP_STATUS_CODE: String = "http.response.status_code"

    /** The `error.type` of OpenAI's error body, e.g. `invalid_request_error`, `rate_limit_exceeded`. */
    public const val PROVIDER_ERROR_TYPE: String = "gen_ai.provider.error.type"

    /** The `error.code` of OpenAI's error body, e.g. `invalid_api_key`, `context_length_exceeded`. */
    public const val PROVIDER_ERROR_CODE: String = "gen_ai.provider.error.code"

    /** The number of dimensions an embeddings call asked for. */
    public const val EMBEDDING_DIMENSIONS: String = "gen_ai.embeddings.dimension.count"
}
