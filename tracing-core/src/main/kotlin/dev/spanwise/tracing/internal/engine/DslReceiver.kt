package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.scope.LlmRecorder
import dev.spanwise.tracing.scope.LlmScopeDsl
import dev.spanwise.tracing.scope.TraceScope
import dev.spanwise.tracing.scope.TraceScopeDsl

/**
 * The receiver of every DSL block: a `CoroutineScope` (the block's own coroutine) that forwards what
 * the block records to its span. One type serves `traced`/`step`/`tool`/`retrieval` and
 * `llm`/`embedding`; LLM calls on a span that is not an LLM span are ignored.
 */
internal interface DslReceiver :
    TraceScopeDsl,
    LlmScopeDsl {
    override val scope: TraceScope

    override fun attribute(key: String, value: Any?): Unit = scope.attribute(key, value)

    override fun attribute(key: String, value: Long): Unit = scope.attribute(key, value)

    override fun attribute(key: String, value: Int): Unit = scope.attribute(key, value)

    override fun attribute(key: String, value: Double): Unit = scope.attribute(key, value)

    override fun event(name: String, attributes: Map<String, Any?>): Unit = scope.event(name, attributes)

    override fun event(name: String): Unit = scope.event(name)

    override fun usage(inputTokens: Long, outputTokens: Long, cacheReadTokens: Long, cacheWriteTokens: Long, reasoningTokens: Long) {
        (scope as? LlmRecorder)?.usage(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens)
    }

    override fun responseModel(model: String) {
        (scope as? LlmRecorder)?.responseModel(model)
    }

    override fun finishReasons(vararg reasons: String) {
        (scope as? LlmRecorder)?.finishReasons(*reasons)
    }

    override fun request(
        temperature: Double?,
        topP: Double?,
        topK: Long?,
        maxTokens: Long?,
        seed: Long?,
        stopSequences: List<String>?,
        frequencyPenalty: Double?,
        presencePenalty: Double?,
        stream: Boolean?,
        choiceCount: Long?,
    ) {
        (scope as? LlmRecorder)?.request(temperature, topP, topK, maxTokens, seed, stopSequences, frequencyPenalty, presencePenalty, stream, choiceCount)
    }

    override fun responseId(id: String) {
        (scope as? LlmRecorder)?.responseId(id)
    }

    override fun prompt(name: String, version: String?, variables: Map<String, Any?>) {
        (scope as? LlmRecorder)?.prompt(name, version, variables)
    }

    override fun toolCall(id: String, name: String, arguments: String?) {
        (scope as? LlmRecorder)?.toolCall(id, name, arguments)
    }
}
