package dev.spanwise.tracing.internal.pipeline

import dev.spanwise.tracing.export.ExportMarks
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ThreadContextElement
import kotlin.coroutines.CoroutineContext

/**
 * The context of Spanwise's export coroutines (consumer loops and batch exports): the shared
 * `Dispatchers.Default` pool (no thread of its own), the [ExportMarks.EXPORT_COROUTINE_NAME] name, and
 * [ExportThreadName], so a thread dump shows which pool thread is doing Spanwise's work.
 */
internal fun exportCoroutineContext(serviceName: String): CoroutineContext =
    Dispatchers.Default + CoroutineName(ExportMarks.EXPORT_COROUTINE_NAME) + ExportThreadName(serviceName)

/**
 * Appends ` [spanwise-export(<service>)]` to the name of the thread an export coroutine runs on
 * while it runs, and puts the old name back when it suspends or completes, as kotlinx.coroutines'
 * debug mode names threads. Not ` @…`: debug mode replaces whatever follows the last ` @` with
 * ` @<coroutine name>#<id>`, which then comes after this suffix. A thread already carrying the
 * suffix (a nested dispatch) is left as is.
 */
internal class ExportThreadName(serviceName: String) : ThreadContextElement<String?> {
    /** The text appended to the thread's name. */
    val suffix: String = " [${ExportMarks.EXPORT_COROUTINE_NAME}(${serviceName.take(MAX_SERVICE_CHARS)})]"

    override val key: CoroutineContext.Key<*> get() = Key

    override fun updateThreadContext(context: CoroutineContext): String? {
        val thread = Thread.currentThread()
        val old = thread.name
        if (old.contains(suffix)) return null
        thread.name = old + suffix
        return old
    }

    override fun restoreThreadContext(context: CoroutineContext, oldState: String?) {
        if (oldState != null) Thread.currentThread().name = oldState
    }

    companion object Key : CoroutineContext.Key<ExportThreadName> {
        private const val MAX_SERVICE_CHARS = 64
    }
}
