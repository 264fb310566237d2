package dev.spanwise.tracing.openai

import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.util.Base64

/** Bodies shaped like OpenAI's API reference (chat completions, chunks, responses, embeddings, errors). */
object Fixtures {
    const val ANSWER = "Paris is the capital of France."
    const val TOOL_ARGUMENTS = """{\"city\":\"Paris\"}"""
    const val PROMPT_TOKENS = 120L
    const val COMPLETION_TOKENS = 40L
    const val CACHED_TOKENS = 100L
    const val REASONING_TOKENS = 12L

    fun responseModel(model: String) = "$model-2024-07-18"

    private fun usage() = """{"prompt_tokens":$PROMPT_TOKENS,"completion_tokens":$COMPLETION_TOKENS,"total_tokens":${PROMPT_TOKENS + COMPLETION_TOKENS},""" +
        """"prompt_tokens_details":{"cached_tokens":$CACHED_TOKENS,"audio_tokens":0},""" +
        """"completion_tokens_details":{"reasoning_tokens":$REASONING_TOKENS,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}"""

    private val toolCall = """{"id":"call_abc123","type":"function","function":{"name":"get_weather","arguments":"$TOOL_ARGUMENTS"}}"""

    fun chatCompletion(model: String, tools: Boolean): String {
        val message = if (tools) {
            """{"role":"assistant","content":null,"refusal":null,"annotations":[],"tool_calls":[$toolCall]}"""
        } else {
            """{"role":"assistant","content":"$ANSWER","refusal":null,"annotations":[]}"""
        }
        val finish = if (tools) "tool_calls" else "stop"
        return """{"id":"chatcmpl-abc123","object":"chat.completion","created":1741570283,"model":"${responseModel(model)}",""" +
            """"choices":[{"index":0,"message":$message,"logprobs":null,"finish_reason":"$finish"}],""" +
            """"usage":${usage()},"service_tier":"default","system_fingerprint":"fp_fc9f1d7035"}"""
    }

    private fun chunk(model: String, choices: String, usage: String = "null") =
        """{"id":"chatcmpl-stream1","object":"chat.completion.chunk","created":1694268190,"model":"${responseModel(model)}",""" +
            """"system_fingerprint":"fp_44709d6fcb","choices":$choices,"usage":$usage}"""

    private fun delta(delta: String, finish: String? = null) =
        """[{"index":0,"delta":$delta,"logprobs":null,"finish_reason":${finish?.let { "\"$it\"" } ?: "null"}}]"""

    /** The `data:` payloads of a streamed chat completion, without the final `[DONE]`. */
    fun chatChunks(model: String, includeUsage: Boolean, tools: Boolean): List<String> {
        val chunks = ArrayList<String>()
        if (tools) {
            chunks +=
                chunk(
                    model,
                    delta(
                        """{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_abc123","type":"function","function":{"name":"get_weather","arguments":""}}]}""",
                    ),
                )
            chunks += chunk(model, delta("""{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]}"""))
            chunks += chunk(model, delta("""{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]}"""))
            chunks += chunk(model, delta("{}", "tool_calls"))
        } else {
            chunks += chunk(model, delta("""{"role":"assistant","content":""}"""))
            for (word in listOf("Paris ", "is the ", "capital ", "of France.")) chunks += chunk(model, delta("""{"content":"$word"}"""))
            chunks += chunk(model, delta("{}", "stop"))
        }
        if (includeUsage) chunks += chunk(model, "[]", usage())
        return chunks
    }

    private fun responseUsage() = """{"input_tokens":$PROMPT_TOKENS,"input_tokens_details":{"cached_tokens":$CACHED_TOKENS,"cache_write_tokens":0},""" +
        """"output_tokens":$COMPLETION_TOKENS,"output_tokens_details":{"reasoning_tokens":$REASONING_TOKENS},"total_tokens":${PROMPT_TOKENS + COMPLETION_TOKENS}}"""

    fun response(model: String, status: String = "completed", tools: Boolean = false): String {
        val output = if (tools) {
            """[{"type":"function_call","id":"fc_1","call_id":"call_abc123","name":"get_weather","arguments":"$TOOL_ARGUMENTS","status":"completed"}]"""
        } else if (status == "in_progress") {
            "[]"
        } else {
            """[{"type":"message","id":"msg_1","status":"completed","role":"assistant","content":[{"type":"output_text","text":"$ANSWER","annotations":[]}]}]"""
        }
        val usage = if (status == "in_progress") "null" else responseUsage()
        return """{"id":"resp_abc123","object":"response","created_at":1741476542,"status":"$status","error":null,"incomplete_details":null,""" +
            """"instructions":null,"max_output_tokens":null,"model":"${responseModel(model)}","output":$output,"parallel_tool_calls":true,""" +
            """"previous_response_id":null,"store":true,"temperature":1.0,"text":{"format":{"type":"text"}},"tool_choice":"auto","tools":[],""" +
            """"top_p":1.0,"truncation":"disabled","usage":$usage,"user":null,"metadata":{}}"""
    }

    /** `(event name, data)` pairs of a streamed response. */
    fun responseEvents(model: String): List<Pair<String, String>> {
        val events = ArrayList<Pair<String, String>>()
        events += "response.created" to """{"type":"response.created","sequence_number":0,"response":${response(model, "in_progress")}}"""
        var seq = 1
        for (word in listOf("Paris ", "is the ", "capital ", "of France.")) {
            events += "response.output_text.delta" to
                """{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"$word","logprobs":[],"sequence_number":${seq++}}"""
        }
        events += "response.completed" to """{"type":"response.completed","sequence_number":$seq,"response":${response(model)}}"""
        return events
    }

    fun embeddings(model: String, count: Int): String {
        val vector = ByteBuffer.allocate(4 * 4).order(ByteOrder.LITTLE_ENDIAN).apply { repeat(4) { putFloat(0.25f * it) } }.array()
        val base64 = Base64.getEncoder().encodeToString(vector)
        val data = (0 until count).joinToString(",") { """{"object":"embedding","index":$it,"embedding":"$base64"}""" }
        return """{"object":"list","data":[$data],"model":"$model","usage":{"prompt_tokens":8,"total_tokens":8}}"""
    }

    /** The status and body of a scripted API error (`error-400`, `error-401`, `error-429`, `error-500`). */
    fun error(scenario: String, apiKey: String?): Pair<Int, String>? = when (scenario) {
        "error-400" -> 400 to errorBody("This model's maximum context length is 128000 tokens.", "invalid_request_error", "context_length_exceeded")
        // As the real API does, the key is echoed masked: its start and its last four characters.
        "error-401" -> 401 to errorBody("Incorrect API key provided: ${apiKey?.take(8)}***${apiKey?.takeLast(4)}.", "invalid_request_error", "invalid_api_key")
        "error-429" -> 429 to errorBody("Rate limit reached for requests.", "requests", "rate_limit_exceeded")
        "error-500" -> 500 to errorBody("The server had an error while processing your request.", "server_error", null)
        else -> null
    }

    private fun errorBody(message: String, type: String, code: String?) =
        """{"error":{"message":"$message","type":"$type","param":null,"code":${code?.let { "\"$it\"" } ?: "null"}}}"""
}
