@file:JvmName("CorrelationHeaders")

package dev.spanwise.tracing.propagation

/**
 * Header carrying the caller's correlation id (`TraceScope.correlationId`) to the service it calls.
 * The Ktor client plugin and the Java facade's `ScopeHandle.headers()` send it; the Ktor server plugin
 * and the Java facade's `parentFromHeaders` read it. Only values that pass [isValidLogicalParentId]
 * (1 to 128 chars of `A-Z a-z 0-9 . _ : -`) travel; others are neither sent nor accepted.
 */
public const val CORRELATION_ID_HEADER: String = "x-spanwise-correlation"
