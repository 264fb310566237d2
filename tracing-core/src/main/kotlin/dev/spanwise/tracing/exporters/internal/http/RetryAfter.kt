package dev.spanwise.tracing.exporters.internal.http

import java.math.BigDecimal
import java.time.ZonedDateTime
import java.time.format.DateTimeFormatter

/**
 * Parses a `Retry-After` value: delta-seconds (fractional accepted, e.g. `2.5`) or an HTTP date
 * (RFC 1123). Returns the wait in milliseconds, `0` for a date in the past, or `null` when the
 * value is malformed (`soon`, `-1`, `1e9`, empty), in which case the caller falls back to backoff.
 */
internal object RetryAfter {
    private val DELTA = Regex("[0-9]{1,30}(\\.[0-9]{1,9})?")

    fun parseMillis(value: String?, nowEpochMillis: Long): Long? {
        val v = value?.trim() ?: return null
        if (v.isEmpty()) return null
        if (DELTA.matches(v)) {
            val millis = BigDecimal(v).movePointRight(3)
            return if (millis > BigDecimal.valueOf(Long.MAX_VALUE)) Long.MAX_VALUE else millis.toLong()
        }
        return try {
            val date = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli()
            maxOf(0L, date - nowEpochMillis)
        } catch (e: Exception) {
            null
        }
    }
}
