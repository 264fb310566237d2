package dev.spanwise.tracing.ktor

import dev.spanwise.tracing.propagation.BAGGAGE_HEADER
import dev.spanwise.tracing.propagation.PARENT_SCOPE_HEADER
import dev.spanwise.tracing.propagation.ParentLink
import dev.spanwise.tracing.propagation.TRACEPARENT_HEADER
import dev.spanwise.tracing.propagation.isValidLogicalParentId
import dev.spanwise.tracing.scope.TraceScope

/** Builds the outgoing link headers (and the trace's `baggage`); only values the server side would accept are emitted. */
internal object OutgoingLinks {
    /** Calls [set] for each header to send for [scope]. Never throws. */
    fun inject(scope: TraceScope, correlation: Boolean, set: (name: String, value: String) -> Unit) {
        try {
            val id = scope.id
            if (ParentLink.parseScopeId(id) == null) return
            set(PARENT_SCOPE_HEADER, id)
            val traceparent = scope.traceparent()
            if (ParentLink.parseTraceparent(traceparent) != null) set(TRACEPARENT_HEADER, traceparent)
            val correlationId = scope.correlationId
            if (correlation && isValidLogicalParentId(correlationId)) set(CORRELATION_ID_HEADER, correlationId!!)
            scope.baggage()?.let { set(BAGGAGE_HEADER, it) }
        } catch (t: Throwable) {
            if (t is VirtualMachineError) throw t
        }
    }
}
