package dev.spanwise.tracing.exporters.internal.http

/** Why an export request failed; its message never holds a secret or a payload. */
internal class ExportException(message: String) : Exception(message, null, false, false)
