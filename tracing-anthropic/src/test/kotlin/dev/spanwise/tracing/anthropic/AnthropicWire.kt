package dev.spanwise.tracing.anthropic

/** JSON bodies and SSE events shaped like Anthropic's Messages API (as its API reference shows them). */
object AnthropicWire {
    const val MODEL = "claude-sonnet-4-5"
    const val RESPONSE_MODEL = "claude-sonnet-4-5-20250929"

    fun textMessage(): String =
        """
        {"id":"msg_01TEXT","type":"message","role":"assistant","model":"$RESPONSE_MODEL",
         "content":[{"type":"text","text":"Paris is the capital of France."}],
         "stop_reason":"end_turn","stop_sequence":null,
         "usage":{"input_tokens":100,"output_tokens":20,"cache_read_input_tokens":50,"cache_creation_input_tokens":10,
                  "service_tier":"standard"}}
        """.trimIndent()

    /** A message the SDK accepts but whose `usage()` throws (the field is missing). */
    fun messageWithoutUsage(): String =
        """{"id":"msg_01NOUSAGE","type":"message","role":"assistant","model":"$RESPONSE_MODEL","content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","stop_sequence":null}"""

    fun toolUseMessage(): String =
        """
        {"id":"msg_01TOOL","type":"message","role":"assistant","model":"$RESPONSE_MODEL",
         "content":[{"type":"text","text":"Let me check the weather."},
                    {"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"city":"Paris"},"caller":{"type":"direct"}}],
         "stop_reason":"tool_use","stop_sequence":null,
         "usage":{"input_tokens":300,"output_tokens":40,"cache_read_input_tokens":0,"cache_creation_input_tokens":0}}
        """.trimIndent()

    /** Anthropic's error body for [status]. */
    fun errorBody(status: Int): String {
        val type =
            when (status) {
                400 -> "invalid_request_error"
                401 -> "authentication_error"
                429 -> "rate_limit_error"
                529 -> "overloaded_error"
                else -> "api_error"
            }
        return """{"type":"error","error":{"type":"$type","message":"scripted $status"},"request_id":"req_test_1"}"""
    }

    /** A streamed answer: text in three deltas, then a tool call in two JSON pieces. */
    fun streamEvents(): List<Pair<String, String>> =
        listOf(
            "message_start" to
                """{"type":"message_start","message":{"id":"msg_01STREAM","type":"message","role":"assistant","model":"$RESPONSE_MODEL","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":200,"output_tokens":1,"cache_read_input_tokens":80,"cache_creation_input_tokens":20}}}""",
            "content_block_start" to """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
            "ping" to """{"type":"ping"}""",
            "content_block_delta" to """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}""",
            "content_block_delta" to """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":", "}}""",
            "content_block_delta" to """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"world"}}""",
            "content_block_stop" to """{"type":"content_block_stop","index":0}""",
            "content_block_start" to
                """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_02B","name":"get_weather","input":{},"caller":{"type":"direct"}}}""",
            "content_block_delta" to """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\": "}}""",
            "content_block_delta" to """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\"Paris\"}"}}""",
            "content_block_stop" to """{"type":"content_block_stop","index":1}""",
            "message_delta" to """{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":42}}""",
            "message_stop" to """{"type":"message_stop"}""",
        )

    fun errorEvent(): Pair<String, String> =
        "error" to """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""
}
