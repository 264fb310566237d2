@file:JvmName("RemoteScopes")

package dev.spanwise.tracing

import dev.spanwise.tracing.internal.engine.NonRecordingScope
import dev.spanwise.tracing.propagation.ParentLink
import dev.spanwise.tracing.scope.ScopeElement
import dev.spanwise.tracing.scope.TraceScope

/**
 * A placeholder scope standing for this remote parent: put it in a [ScopeElement]
 * (or pass it as a parent) and scopes started under it become its children in the same trace. It
 * records nothing itself. Scopes started under it inherit [correlationId] unless they are given one.
 */
@JvmOverloads
public fun ParentLink.asRemoteScope(correlationId: String? = null): TraceScope =
    NonRecordingScope(traceIdHigh, traceIdLow, spanId, isRemote = true, sampled = sampled, correlationId = correlationId)
