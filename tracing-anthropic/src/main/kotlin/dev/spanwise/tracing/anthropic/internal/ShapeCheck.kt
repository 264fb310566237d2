package dev.spanwise.tracing.anthropic.internal

import com.anthropic.client.AnthropicClient
import com.anthropic.client.AnthropicClientAsync
import com.anthropic.core.http.AsyncStreamResponse
import com.anthropic.core.http.StreamResponse
import com.anthropic.services.async.MessageServiceAsync
import com.anthropic.services.blocking.MessageService
import java.lang.reflect.Modifier

/**
 * Whether the SDK on the class path has the shape the tracing wrappers were built for: every
 * abstract method of each wrapped SDK interface is implemented by its wrapper. A newer SDK that
 * added one would otherwise fail with `AbstractMethodError` when it is called; instead the client
 * is left unwrapped (fail closed) with one warning.
 */
internal object ShapeCheck {
    /** `null` when the wrappers of the sync client fit the SDK, else the first method they lack. */
    val syncMismatch: String? by lazy {
        check(
            AnthropicClient::class.java to TracedAnthropicClient::class.java,
            MessageService::class.java to TracedMessageService::class.java,
            StreamResponse::class.java to TracedStreamResponse::class.java,
        )
    }

    /** `null` when the wrappers of the async client fit the SDK, else the first method they lack. */
    val asyncMismatch: String? by lazy {
        check(
            AnthropicClientAsync::class.java to TracedAnthropicClientAsync::class.java,
            MessageServiceAsync::class.java to TracedMessageServiceAsync::class.java,
            AsyncStreamResponse::class.java to TracedAsyncStreamResponse::class.java,
        )
    }

    private fun check(vararg pairs: Pair<Class<*>, Class<*>>): String? =
        try {
            pairs.firstNotNullOfOrNull { (sdkType, wrapper) -> missing(sdkType, wrapper) }
        } catch (e: Exception) {
            "the SDK's interfaces could not be read (${e.javaClass.name})"
        } catch (e: LinkageError) {
            "the SDK's interfaces could not be read (${e.javaClass.name})"
        }

    /** `Type.method` of the first abstract method of [sdkType] that [wrapper] leaves abstract, else `null`. */
    fun missing(sdkType: Class<*>, wrapper: Class<*>): String? {
        for (method in sdkType.methods) {
            if (!Modifier.isAbstract(method.modifiers) || Modifier.isStatic(method.modifiers)) continue
            val implemented = wrapper.getMethod(method.name, *method.parameterTypes)
            if (Modifier.isAbstract(implemented.modifiers)) return "${sdkType.simpleName}.${method.name}"
        }
        return null
    }
}
