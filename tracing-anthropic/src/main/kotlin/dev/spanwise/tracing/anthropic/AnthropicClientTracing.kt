@file:JvmName("AnthropicClientTracing")

package dev.spanwise.tracing.anthropic

import com.anthropic.client.AnthropicClient
import com.anthropic.client.AnthropicClientAsync
import dev.spanwise.tracing.Tracing

/** This client with its message calls traced into [tracing]; see [SpanwiseAnthropic.wrap]. */
public fun AnthropicClient.traced(tracing: Tracing): AnthropicClient = SpanwiseAnthropic.wrap(this, tracing)

/** This async client with its message calls traced into [tracing]; see [SpanwiseAnthropic.wrap]. */
public fun AnthropicClientAsync.traced(tracing: Tracing): AnthropicClientAsync = SpanwiseAnthropic.wrap(this, tracing)
