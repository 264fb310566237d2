package dev.spanwise.tracing.internal.engine

import org.slf4j.LoggerFactory
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong

/**
 * Scopes asked of the ambient `Tracing` when there is none: counted, and the first one explained
 * once per process, so that a missing `Tracing.global` is never a silent no-op.
 */
internal object UnconfiguredTracing {
    private val scopes = AtomicLong()
    private val warned = AtomicBoolean()

    fun scopeNotRecorded() {
        scopes.incrementAndGet()
        if (warned.compareAndSet(false, true)) {
            LoggerFactory.getLogger("dev.spanwise.tracing").warn(
                "Spanwise: top-level traced(...) found no Tracing, so nothing is recorded. Set Tracing.global = tracing once at " +
                    "startup, run the code inside withContext(tracing) { ... }, or call tracing.traced(...). " +
                    "Tracing.unconfiguredScopeCount() counts the scopes not recorded.",
            )
        }
    }

    fun count(): Long = scopes.get()
}
