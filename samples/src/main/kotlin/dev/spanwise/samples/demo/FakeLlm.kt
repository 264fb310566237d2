package dev.spanwise.samples.demo

import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/** What a chat completion returns: text plus the provider's token accounting. */
data class Completion(
    val text: String,
    val model: String,
    val inputTokens: Long,
    val outputTokens: Long,
    val cachedInputTokens: Long = 0,
    val cacheWriteTokens: Long = 0,
    val reasoningTokens: Long = 0,
    val finishReason: String = "stop",
)

/** A piece of a streamed completion; the last one also carries the whole [Completion] (usage, finish reason). */
data class CompletionChunk(val text: String, val done: Completion? = null)

/**
 * A deterministic stand-in for an LLM API: same prompt, same answer, same token counts, a short
 * fixed latency. No network and no keys, so the demo runs anywhere.
 */
class FakeLlm {
    suspend fun chat(
        model: String,
        system: String,
        prompt: String,
        cacheSystemPrompt: Boolean = false,
        writesCache: Boolean = false,
    ): Completion {
        delay(40L + prompt.length % 60)
        return completion(model, system, prompt, cacheSystemPrompt, writesCache)
    }

    /** The same completion as [chat], streamed: a first chunk after a short wait, then a few words per chunk. */
    fun chatStream(model: String, system: String, prompt: String, cacheSystemPrompt: Boolean = false): Flow<CompletionChunk> = flow {
        val completion = completion(model, system, prompt, cacheSystemPrompt, writesCache = false)
        delay(20L + prompt.length % 20)
        val pieces = completion.text.split(' ').chunked(WORDS_PER_CHUNK).map { it.joinToString(" ") }
        pieces.forEachIndexed { i, words ->
            if (i > 0) delay(8)
            val text = if (i == 0) words else " $words"
            emit(if (i == pieces.lastIndex) CompletionChunk(text, completion) else CompletionChunk(text))
        }
    }

    private fun completion(model: String, system: String, prompt: String, cacheSystemPrompt: Boolean, writesCache: Boolean): Completion {
        val promptTokens = tokens(system) + tokens(prompt)
        val systemTokens = tokens(system)
        val text = answerFor(prompt)
        return Completion(
            text = text,
            model = if (model.startsWith("claude")) "$model-20250514" else "$model-2024-08-06",
            inputTokens = promptTokens,
            outputTokens = tokens(text) + if (model.startsWith("o")) 384 else 0,
            cachedInputTokens = if (cacheSystemPrompt && !writesCache) systemTokens else 0,
            cacheWriteTokens = if (cacheSystemPrompt && writesCache) systemTokens else 0,
            reasoningTokens = if (model.startsWith("o")) 384 else 0,
        )
    }

    private fun answerFor(prompt: String): String = when {
        prompt.startsWith("Classify") -> "intent: refund_request; urgency: normal"
        prompt.startsWith("Draft") -> "Refund of 49.90 EUR approved for order 1042; funds arrive in 3-5 business days."
        prompt.startsWith("Check") -> "Policy allows refunds within 30 days for damaged items: compliant."
        else -> "Hello Dana, your refund of 49.90 EUR for order 1042 is approved and will arrive in 3-5 business days."
    }

    /** A rough token count: one token per four characters, like the usual rule of thumb. */
    private fun tokens(text: String): Long = (text.length / 4 + 1).toLong()

    private companion object {
        const val WORDS_PER_CHUNK = 4
    }
}
