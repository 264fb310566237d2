package dev.spanwise.tracing.ktor

import io.ktor.utils.io.KtorDsl

/** Configuration of [ClientTracing]. */
@KtorDsl
public class ClientTracingConfig {
    /** Whether to send the current scope's correlation id in [CORRELATION_ID_HEADER]. Default `true`. */
    public var propagateCorrelationId: Boolean = true

    /**
     * Whether to fall back to the thread's current scope (`CurrentThreadScope`, set by the Java facade)
     * when the coroutine context holds none. Default `true`.
     */
    public var useThreadScope: Boolean = true
}
