package dev.spanwise.tracing.openai

import com.openai.models.ChatModel
import com.openai.models.chat.completions.ChatCompletionCreateParams
import com.openai.models.chat.completions.ChatCompletionStreamOptions
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.test.TraceCapture

/** A capture with content capture on and gpt-4o-mini priced ($0.15 in, $0.60 out, $0.075 cached per 1M tokens). */
fun capture(): TraceCapture = TraceCapture {
    captureContent = true
    pricing { model("gpt-4o-mini", input = 0.15, output = 0.60, cacheRead = 0.075) }
}

/** The expected cost of one fixture call: 20 uncached + 100 cached input tokens, 40 output tokens. */
const val EXPECTED_COST = (20 * 0.15 + 100 * 0.075 + 40 * 0.60) / 1_000_000.0

/** A chat request with every recorded parameter set. */
fun chatParams(scenario: String? = null, stream: Boolean = false): ChatCompletionCreateParams {
    val builder = ChatCompletionCreateParams.builder()
        .model(ChatModel.GPT_4O_MINI)
        .addSystemMessage("You answer in one sentence.")
        .addUserMessage("What is the capital of France?")
        .temperature(0.2)
        .topP(0.9)
        .maxCompletionTokens(256)
        .stopOfStrings(listOf("END"))
        .frequencyPenalty(0.1)
        .presencePenalty(0.3)
        .n(1)
    if (stream) builder.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
    if (scenario != null) builder.putAdditionalHeader(FakeOpenAI.SCENARIO, scenario)
    return builder.build()
}

/** Every text an exported span carries: name, attributes, events, error, content. */
fun SpanData.allText(): String = buildString {
    append(name).append('\n')
    attributes.forEach { k, v -> append(k).append('=').append(v).append('\n') }
    events.forEach { append(it.name).append(it.attributes.toString()).append('\n') }
    error?.let { append(it.type).append(it.message).append(it.stackTrace).append('\n') }
    append(input).append(output).append(llm?.input).append(llm?.output)
}

/** Core's stream attribute keys. */
object StreamingKeys {
    const val STREAM = "gen_ai.request.stream"
    const val TIME_TO_FIRST_CHUNK = "gen_ai.response.time_to_first_chunk"
    const val CHUNKS = "spanwise.stream.chunks"
}
