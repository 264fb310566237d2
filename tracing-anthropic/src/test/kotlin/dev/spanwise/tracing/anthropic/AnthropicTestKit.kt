package dev.spanwise.tracing.anthropic

import com.anthropic.client.AnthropicClient
import com.anthropic.client.AnthropicClientAsync
import com.anthropic.client.okhttp.AnthropicOkHttpClient
import com.anthropic.client.okhttp.AnthropicOkHttpClientAsync
import com.anthropic.models.messages.MessageCreateParams
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.test.TraceCapture

/** A key-shaped secret that must never reach a span or a log line. */
const val API_KEY = "sk-ant-api03-SECRET-KEY-DO-NOT-EXPORT-0123456789"

/** Test prices, USD per million tokens. */
const val INPUT_PRICE = 3.0
const val OUTPUT_PRICE = 15.0
const val CACHE_READ_PRICE = 0.3
const val CACHE_WRITE_PRICE = 3.75

/** The real SDK client (OkHttp) pointed at [server], no retries (tests count requests). */
fun sdkClient(server: FakeAnthropic): AnthropicClient =
    AnthropicOkHttpClient.builder().baseUrl(server.url).apiKey(API_KEY).maxRetries(0).build()

/** The real async SDK client pointed at [server], no retries. */
fun sdkAsyncClient(server: FakeAnthropic): AnthropicClientAsync =
    AnthropicOkHttpClientAsync.builder().baseUrl(server.url).apiKey(API_KEY).maxRetries(0).build()

/** A request for [scenario] with a system prompt and one user message. */
fun params(scenario: String, configure: MessageCreateParams.Builder.() -> Unit = {}): MessageCreateParams =
    MessageCreateParams.builder()
        .model(AnthropicWire.MODEL)
        .maxTokens(256)
        .system("You are a geography tutor.")
        .addUserMessage("What is the capital of France?")
        .putAdditionalHeader(FakeAnthropic.SCENARIO_HEADER, scenario)
        .apply(configure)
        .build()

/** A capture with the test model priced and content capture as given. */
fun capture(captureContent: Boolean = false): TraceCapture =
    TraceCapture { config ->
        config.captureContent = captureContent
        config.pricing().model(AnthropicWire.MODEL, INPUT_PRICE, OUTPUT_PRICE, CACHE_READ_PRICE, CACHE_WRITE_PRICE)
    }

/** The only LLM span captured. */
fun TraceCapture.llmSpan(): SpanData = spans().single { it.llm != null }

/** Every string a span carries, to look for secrets in. */
fun SpanData.allText(): String =
    buildString {
        append(name).append(attributes.toString()).append(events.toString())
        append(error?.message).append(error?.stackTrace).append(input).append(output)
        append(llm?.input).append(llm?.output)
    }
