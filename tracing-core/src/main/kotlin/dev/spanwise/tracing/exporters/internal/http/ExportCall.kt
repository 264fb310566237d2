package dev.spanwise.tracing.exporters.internal.http

import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext

/**
 * What the pipeline tells a built-in exporter about the export call it runs in, through the
 * coroutine context: the call's time budget, the cap of waits between retries
 * (`maxRetryBackoff`), and the [progress] of the batch, which outlives the call. Exporters that
 * find no element (called directly, not by the pipeline) use their own defaults and keep
 * progress only for the call.
 */
internal class ExportCall(
    val budgetMillis: Long,
    val maxBackoffMillis: Long,
    val progress: BatchProgress,
) : AbstractCoroutineContextElement(Key) {
    companion object Key : CoroutineContext.Key<ExportCall>
}
