package dev.spanwise.samples.demo

import kotlinx.coroutines.delay

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
}
