package dev.spanwise.tracing.internal.engine

import kotlinx.coroutines.runBlocking
import kotlin.time.Duration

/**
 * The JVM shutdown hook that delivers what is still queued when a program exits without calling
 * `shutdown()`. It runs [shutdown] with [timeout] on a daemon worker and waits for it at most
 * [timeout] plus a short grace, so it never keeps the JVM alive past that bound, whatever an
 * exporter does. [remove] takes it out again once the application shuts down by itself.
 */
internal class ExitHook private constructor(private val timeout: Duration, private val shutdown: suspend (Duration) -> Unit) {
    private val thread = Thread(::run, "spanwise-shutdown-hook")

    private fun run() {
        val worker = Thread({
            try {
                runBlocking { shutdown(timeout) }
            } catch (t: Throwable) {
                if (t is VirtualMachineError) throw t
                // Exit must go on; the pipeline has already logged what it could not deliver.
            }
        }, "spanwise-shutdown")
        worker.isDaemon = true
        worker.start()
        worker.join(timeout.inWholeMilliseconds + GRACE_MILLIS)
    }

    /** Unregisters the hook; a no-op once the JVM is already exiting (the hook is then running). */
    fun remove() {
        try {
            if (Runtime.getRuntime().removeShutdownHook(thread)) registered.decrementAndGet()
        } catch (e: IllegalStateException) {
            // shutdown in progress
        } catch (e: SecurityException) {
            // not allowed here; the hook then finds the pipelines already shut down
        }
    }

    companion object {
        /** Beyond the timeout, for the pipeline to hand back its counts and close its exporters. */
        const val GRACE_MILLIS = 500L

        /** Hooks registered and not removed (for diagnostics and tests). */
        val registered = java.util.concurrent.atomic.AtomicInteger()

        /** Registers a hook running [shutdown]; `null` when the JVM refuses (already exiting, or forbidden). */
        fun install(timeout: Duration, shutdown: suspend (Duration) -> Unit): ExitHook? {
            val hook = ExitHook(timeout, shutdown)
            return try {
                Runtime.getRuntime().addShutdownHook(hook.thread)
                registered.incrementAndGet()
                hook
            } catch (e: IllegalStateException) {
                null
            } catch (e: SecurityException) {
                null
            }
        }
    }
}
