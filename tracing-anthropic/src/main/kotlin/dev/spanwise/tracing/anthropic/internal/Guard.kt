package dev.spanwise.tracing.anthropic.internal

import org.slf4j.Logger
import org.slf4j.LoggerFactory
import java.util.concurrent.ConcurrentHashMap

/**
 * Runs Spanwise's own steps so that a failure in them never reaches the SDK call: it is logged at
 * WARN once per kind of step (then at DEBUG) and the step's result is `null`.
 */
internal object Guard {
    val log: Logger = LoggerFactory.getLogger("dev.spanwise.tracing.anthropic")
    private val warned = ConcurrentHashMap.newKeySet<String>()

    /** Runs [step]; on failure logs it (once per [kind] at WARN) and returns `null`. */
    inline fun <T> run(kind: String, step: () -> T): T? =
        try {
            step()
        } catch (t: Throwable) {
            if (t is VirtualMachineError) throw t
            failed(kind, t)
            null
        }

    /** Logs a failed step: WARN the first time for [kind], DEBUG afterwards. Never logs [t]'s message. */
    fun failed(kind: String, t: Throwable) {
        if (warned.add(kind)) {
            log.warn(
                "Spanwise: tracing an Anthropic call failed while {} ({}); the call goes on untraced in that step. " +
                    "Further failures of this kind are logged at DEBUG.",
                kind,
                t.javaClass.name,
            )
        } else {
            log.debug("Spanwise: tracing an Anthropic call failed while {} ({})", kind, t.javaClass.name)
        }
    }

    /** Logs [message] at WARN once per [kind]. */
    fun warnOnce(kind: String, message: String) {
        if (warned.add(kind)) log.warn(message)
    }
}
