package dev.spanwise.tracing.model.internal

import java.util.Properties

/** The library's own version, from the build (`dev/spanwise/tracing/version.properties`). */
internal object SpanwiseVersion {
    val VERSION: String = load()

    /** The `User-Agent` of every exporter request. */
    val USER_AGENT: String = "Spanwise-JVM/$VERSION"

    private fun load(): String = try {
        SpanwiseVersion::class.java.getResourceAsStream("/dev/spanwise/tracing/version.properties")?.use { input ->
            Properties().apply { load(input) }.getProperty("version")?.takeIf { it.isNotBlank() && !it.startsWith("\${") }
        } ?: "unknown"
    } catch (e: Exception) {
        "unknown"
    }
}
