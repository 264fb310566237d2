package dev.spanwise.tracing.exporters.internal.encode

import java.time.Instant
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter

/** ISO-8601 UTC timestamps with microsecond precision, e.g. `2026-03-14T10:00:00.100000Z`. */
internal object Iso8601 {
    private val FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC)

    fun format(epochNanos: Long): String =
        FORMAT.format(Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L)))
}
