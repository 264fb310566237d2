package dev.spanwise.tracing.anthropic

import com.anthropic.client.AnthropicClientImpl
import com.anthropic.client.okhttp.AnthropicOkHttpClient
import com.anthropic.core.ClientOptions
import com.anthropic.core.RequestOptions
import com.anthropic.core.http.HttpClient
import com.anthropic.core.http.HttpRequest
import com.anthropic.core.http.HttpResponse
import com.anthropic.errors.AnthropicIoException
import com.anthropic.errors.AnthropicServiceException
import com.anthropic.errors.BadRequestException
import com.anthropic.errors.InternalServerException
import com.anthropic.errors.OverloadedException
import com.anthropic.errors.RateLimitException
import com.anthropic.errors.UnauthorizedException
import dev.spanwise.tracing.model.SpanStatus
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.CsvSource
import java.time.Duration
import java.util.concurrent.CompletableFuture
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertSame
import kotlin.test.assertTrue

class ErrorTracingTest {
    private val server = FakeAnthropic()

    @AfterEach
    fun stop() = server.close()

    @ParameterizedTest
    @CsvSource(
        "400, invalid_request_error",
        "401, authentication_error",
        "429, rate_limit_error",
        "500, api_error",
        "529, overloaded_error",
    )
    fun `an HTTP error ends the span ERROR with the exception, the provider's error type and the status`(status: Int, errorType: String) {
        capture().use { capture ->
            val client = sdkClient(server).traced(capture.tracing)
            val thrown = assertFailsWith<AnthropicServiceException> { client.messages().create(params(Scenario.error(status))) }
            val expectedClass =
                when (status) {
                    400 -> BadRequestException::class
                    401 -> UnauthorizedException::class
                    429 -> RateLimitException::class
                    529 -> OverloadedException::class
                    else -> InternalServerException::class
                }
            assertEquals(expectedClass.java, thrown.javaClass)
            val span = capture.llmSpan()
            capture.assertThat(span).hasStatus(SpanStatus.ERROR).failedWith(expectedClass.java)
                .hasAttribute(SpanwiseAnthropic.PROVIDER_ERROR_TYPE, errorType)
                .hasAttribute("http.response.status_code", status.toLong())
            assertEquals(1, server.requests.get())
        }
    }

    @Test
    fun `a timeout ends the span ERROR`() {
        capture().use { capture ->
            val client =
                AnthropicOkHttpClient.builder().baseUrl(server.url).apiKey(API_KEY).maxRetries(0)
                    .timeout(Duration.ofMillis(300)).build().traced(capture.tracing)
            val thrown = assertFailsWith<Throwable> { client.messages().create(params(Scenario.SLOW)) }
            val span = capture.llmSpan()
            assertEquals(SpanStatus.ERROR, span.status)
            assertEquals(thrown.javaClass.name, span.error!!.type)
        }
    }

    @Test
    fun `the caller gets the very exception the SDK threw`() {
        val failure = AnthropicIoException("scripted transport failure")
        val transport =
            object : HttpClient {
                override fun execute(request: HttpRequest, requestOptions: RequestOptions): HttpResponse = throw failure

                override fun executeAsync(request: HttpRequest, requestOptions: RequestOptions): CompletableFuture<HttpResponse> =
                    CompletableFuture<HttpResponse>().apply { completeExceptionally(failure) }

                override fun close() {}
            }
        val plain = AnthropicClientImpl(ClientOptions.builder().httpClient(transport).putHeader("x-api-key", API_KEY).maxRetries(0).build())
        capture().use { capture ->
            val thrown = assertFailsWith<Throwable> { plain.traced(capture.tracing).messages().create(params(Scenario.TEXT)) }
            assertSame(failure, thrown)
            capture.assertThat(capture.llmSpan()).hasStatus(SpanStatus.ERROR).failedWith(AnthropicIoException::class.java)
            val asyncThrown =
                assertFailsWith<Throwable> { plain.async().traced(capture.tracing).messages().create(params(Scenario.TEXT)).get() }
            assertSame(failure, asyncThrown.cause)
            assertTrue(capture.spans().all { it.status == SpanStatus.ERROR })
        }
    }
}
