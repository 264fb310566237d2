package dev.spanwise.tracing.openai

import com.openai.core.RequestOptions
import com.openai.core.http.HttpClient
import com.openai.core.http.HttpRequest
import com.openai.core.http.HttpResponse
import java.util.concurrent.CompletableFuture

/** An SDK transport that fails every request with [failure] (the same instance each time). */
class FailingTransport(private val failure: RuntimeException) : HttpClient {
    override fun execute(request: HttpRequest, requestOptions: RequestOptions): HttpResponse = throw failure

    override fun executeAsync(request: HttpRequest, requestOptions: RequestOptions): CompletableFuture<HttpResponse> =
        CompletableFuture<HttpResponse>().apply { completeExceptionally(failure) }

    override fun close() {}
}
