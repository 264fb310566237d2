package dev.spanwise.tracing.export

import dev.spanwise.tracing.model.InternalTracingApi
import io.ktor.util.AttributeKey

/**
 * How Spanwise marks its own export work, so that HTTP instrumentation (`tracing-ktor`'s
 * `ClientTracing`) leaves it alone and exporting spans never produces spans or links about itself.
 * Core sets the marks; `tracing-ktor` matches them.
 */
@InternalTracingApi
public object ExportMarks {
    /** The request attribute every request of a Spanwise exporter carries (`tracing-ktor`'s `SkipTracing`). */
    public val SKIP_TRACING: AttributeKey<Unit> = AttributeKey("dev.spanwise.tracing.skip")

    /** The `CoroutineName` of Spanwise's export coroutines (a custom exporter's own requests run in them). */
    public const val EXPORT_COROUTINE_NAME: String = "spanwise-export"
}
