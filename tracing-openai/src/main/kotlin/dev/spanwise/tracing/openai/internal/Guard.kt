package dev.spanwise.tracing.openai.internal

import org.slf4j.Logger
import org.slf4j.LoggerFactory
import java.util.concurrent.ConcurrentHashMap

/**
 * Runs Spanwise's own steps so that they never break a call: a failure is logged at WARN the first
 * time for its kind (then at DEBUG) with the exception's type only — never its message, which may
 * hold user content — and the call goes on.
 */
internal object Guard {
    val log: Logger = LoggerFactory.getLogger("dev.spanwise.tracing.openai")
    private val warned: MutableSet<String> = ConcurrentHashMap.newKeySet()

    /** Runs [block]; a failure is logged for [kind] and swallowed. */
    inline fun run(kind: String, block: () -> Unit) {
        try {
            block()
        } catch (t: Throwable) {
            failed(kind, t)
        }
    }

    /** Returns [block]'s value, or `null` when it fails (an SDK accessor meeting unexpected data). */
    inline fun <T> valueOf(block: () -> T?): T? = try {
        block()
    } catch (t: Throwable) {
        if (t is VirtualMachineError) throw t
        null
    }

    /** Logs a failure of [kind]: WARN once per kind, DEBUG afterwards. Rethrows only JVM errors. */
    fun failed(kind: String, t: Throwable) {
        if (t is VirtualMachineError) throw t
        if (warned.add(kind)) {
            log.warn(
                "Spanwise OpenAI: {} failed ({}); the call goes on, untraced in that part. Later failures of this kind are logged at DEBUG.",
                kind,
                t.javaClass.name,
            )
        } else {
            log.debug("Spanwise OpenAI: {} failed ({})", kind, t.javaClass.name)
        }
    }

    /** Logs [message] at WARN once for [kind]. */
    fun warnOnce(kind: String, message: String) {
        if (warned.add(kind)) log.warn(message)
    }
}
