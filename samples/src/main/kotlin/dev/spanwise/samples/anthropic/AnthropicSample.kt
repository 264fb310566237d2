package dev.spanwise.samples.anthropic

import com.anthropic.client.AnthropicClient
import com.anthropic.client.okhttp.AnthropicOkHttpClient
import com.anthropic.models.messages.ContentBlockParam
import com.anthropic.models.messages.MessageCreateParams
import com.anthropic.models.messages.MessageParam
import com.anthropic.models.messages.ToolResultBlockParam
import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.anthropic.traced
import dev.spanwise.tracing.exporters.ConsoleExporter
import dev.spanwise.tracing.scope.TraceScopeDsl
import dev.spanwise.tracing.tool
import dev.spanwise.tracing.traced
import kotlinx.coroutines.runBlocking
import java.io.PrintStream

/**
 * The Anthropic Java SDK, traced with one line (`.traced(tracing)`): a support agent asks the model,
 * runs the tool it asked for, asks again with the result, then streams a closing note. The SDK
 * talks to an in-process [FakeAnthropicServer]; the console exporter prints the trace tree.
 */
object AnthropicSample {
    @JvmStatic
    fun main(args: Array<String>) {
        run(System.out)
    }

    /** Runs the sample, printing the trace tree to [out]; returns the final answer. */
    fun run(out: PrintStream): String {
        FakeAnthropicServer().use { server ->
            val tracing =
                Tracing {
                    serviceName = "support-bot"
                    exporter = ConsoleExporter(out)
                    registerShutdownHook = false
                    pricing { model(MODEL, input = 3.00, output = 15.00, cacheRead = 0.30, cacheWrite = 3.75) }
                }
            val client: AnthropicClient =
                AnthropicOkHttpClient.builder().baseUrl(server.url).apiKey("no-key-needed-for-the-fake-server")
                    .build()
                    .traced(tracing) // the one line that turns tracing on
            try {
                val answer = runBlocking { tracing.traced("support-agent") { handle(client) } }
                out.println("Answer: $answer")
                return answer
            } finally {
                runBlocking { tracing.shutdown() }
                client.close()
            }
        }
    }

    /** Plain SDK code; only the tool run is a span of its own, linked to the call that asked for it. */
    private suspend fun TraceScopeDsl.handle(client: AnthropicClient): String {
        val question = MessageCreateParams.builder().model(MODEL).maxTokens(1024)
            .system("You are the support agent of an online shop.")
            .addUserMessage("My order 1042 arrived damaged, I want a refund")
        val first = client.messages().create(question.build())
        val toolUse = first.content().first { it.isToolUse() }.asToolUse()
        val status = tool(toolUse.name(), callId = toolUse.id()) { "shipped 2026-11-27" }
        val toolResult = ToolResultBlockParam.builder().toolUseId(toolUse.id()).content(status).build()
        val second = client.messages().create(
            question.addMessage(first.toParam())
                .addMessage(MessageParam.ofUserOfContentBlockParams(listOf(ContentBlockParam.ofToolResult(toolResult))))
                .build(),
        )
        val answer = second.content().first { it.isText() }.asText().text()
        client.messages().createStreaming(
            MessageCreateParams.builder().model(MODEL).maxTokens(256).addUserMessage("Write a one-line closing note").build(),
        ).use { stream -> stream.stream().forEach { } }
        return answer
    }

    private const val MODEL = "claude-sonnet-4"
}
