package dev.spanwise.samples.openai

import com.openai.client.okhttp.OpenAIOkHttpClient
import com.openai.models.ChatModel
import com.openai.models.chat.completions.ChatCompletionCreateParams
import com.openai.models.chat.completions.ChatCompletionStreamOptions
import com.openai.models.embeddings.EmbeddingCreateParams
import com.openai.models.embeddings.EmbeddingModel
import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.ConsoleExporter
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.exporters.InMemoryExporter
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.openai.traced
import dev.spanwise.tracing.traced
import kotlinx.coroutines.runBlocking
import java.io.PrintStream

/**
 * The OpenAI Java SDK, traced with one line: inside a `support-agent` scope the wrapped client
 * embeds the question, asks the model (which calls a tool) and streams the answer. Each call is an
 * LLM (or EMBEDDING) span with its tokens, cached tokens and cost; the console prints the tree. The
 * "API" is a loopback server, so no key is needed.
 */
public object OpenAISample {
    /** Runs the sample, printing the trace to [out]; returns the streamed answer and every span. */
    public fun run(out: PrintStream): Pair<String, List<SpanData>> {
        val memory = InMemoryExporter()
        val tracing = Tracing {
            serviceName = "openai-sample"
            exporter = Exporters.composite(ConsoleExporter(out), memory)
            registerShutdownHook = false
            pricing {
                model("gpt-4o-mini", input = 0.15, output = 0.60, cacheRead = 0.075)
                model("text-embedding-3-small", input = 0.02, output = 0.0)
            }
        }
        val answer = FakeOpenAIServer().use { server ->
            val client = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl).apiKey("sk-sample-no-key").build()
                .traced(tracing) // the one line
            val question = "Where is my order 42?"
            runBlocking {
                tracing.traced("support-agent") {
                    client.embeddings().create(
                        EmbeddingCreateParams.builder().model(EmbeddingModel.TEXT_EMBEDDING_3_SMALL).input(question).build(),
                    )
                    val params = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
                        .addSystemMessage("You are a support agent.").addUserMessage(question).build()
                    client.chat().completions().create(params)
                    val streamed = params.toBuilder().streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build()
                    client.chat().completions().createStreaming(streamed).use { stream ->
                        stream.stream().iterator().asSequence()
                            .flatMap { it.choices().asSequence() }
                            .mapNotNull { it.delta().content().orElse(null) }
                            .joinToString("")
                    }
                }
            }
        }
        runBlocking { tracing.shutdown() }
        return answer to memory.spans
    }

    /** Runs the sample on standard output. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val (answer, _) = run(System.out)
        println("answer: $answer")
    }
}
