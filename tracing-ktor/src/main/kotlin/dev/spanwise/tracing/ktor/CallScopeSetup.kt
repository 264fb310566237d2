package dev.spanwise.tracing.ktor

import io.ktor.server.application.ApplicationCall
import io.ktor.server.application.ApplicationCallPipeline
import io.ktor.server.application.Hook
import io.ktor.server.application.call

/**
 * A hook in the `Setup` phase that wraps the rest of the call's pipeline, so the handler runs inside
 * whatever coroutine context the handler of this hook installs (the pattern of Ktor's `CallId`).
 */
internal object CallScopeSetup : Hook<suspend (call: ApplicationCall, proceed: suspend () -> Unit) -> Unit> {
    override fun install(
        pipeline: ApplicationCallPipeline,
        handler: suspend (call: ApplicationCall, proceed: suspend () -> Unit) -> Unit,
    ) {
        pipeline.intercept(ApplicationCallPipeline.Setup) {
            handler(call) { proceed() }
        }
    }
}
