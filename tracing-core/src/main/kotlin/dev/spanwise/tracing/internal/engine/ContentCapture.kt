package dev.spanwise.tracing.internal.engine

import dev.spanwise.tracing.model.AttributeLimits
import dev.spanwise.tracing.model.ContentMask
import dev.spanwise.tracing.model.ErrorInfo
import dev.spanwise.tracing.model.internal.Clock
import dev.spanwise.tracing.model.internal.ThrottledLogger
import dev.spanwise.tracing.model.truncateChars
import dev.spanwise.tracing.model.truncateUtf8

/**
 * What user text a span keeps: input/output and prompt variables only when capture is on, and
 * exception and warning messages,
 * both through the configured [mask]. A mask that throws replaces the text with [MASK_FAILED]; a
 * mask that itself records content (a recursive call) gets nothing recorded.
 */
internal class ContentCapture(
    /** Whether input, output and other content are kept at all. */
    val enabled: Boolean,
    private val mask: ContentMask?,
    private val limits: AttributeLimits,
    private val clock: Clock,
    private val log: ThrottledLogger,
) {
    private val inHook = ThreadLocal<Boolean>()

    /** Content for `input`/`output`: `null` when capture is off or in a recursive hook call. */
    fun capture(content: String): String? {
        if (!enabled) return null
        val masked = maskText(content) ?: return null
        return truncateUtf8(masked, limits.maxContentBytes)
    }

    /**
     * Text a team writes about a span (a score's comment): kept whether or not capture is on, but
     * through the mask and within the attribute value limit; `null` in a recursive hook call.
     */
    fun annotation(content: String): String? {
        val masked = maskText(content) ?: return null
        return truncateChars(masked, limits.maxValueLength)
    }

    /** A warning message as recorded on a span: masked (whatever capture says) and bounded like an exception message. */
    fun message(text: String): String {
        val masked = try {
            maskText(text) ?: "<masked>"
        } catch (e: Exception) {
            "<masked>"
        }
        return truncateChars(masked, limits.maxValueLength)
    }

    /** [error] as recorded on a span: its message masked and bounded, its stack trace bounded. */
    fun errorInfo(error: Throwable): ErrorInfo {
        val message = try {
            error.message?.let { maskText(it) ?: "<masked>" }
        } catch (e: Exception) {
            null
        }
        val trace = try {
            truncateChars(error.stackTraceToString(), MAX_STACK_TRACE)
        } catch (e: Exception) {
            error.javaClass.name
        }
        return ErrorInfo(error.javaClass.name, message?.let { truncateChars(it, limits.maxValueLength) }, trace, clock.nowEpochNanos())
    }

    /** Runs the mask; `null` when called recursively from inside the mask itself. */
    private fun maskText(content: String): String? {
        val m = mask ?: return content
        if (inHook.get() == true) return null
        inHook.set(true)
        return try {
            m.mask(content)
        } catch (t: Throwable) {
            if (t is VirtualMachineError) throw t
            log.warn("mask-failed", "Spanwise: content mask threw {}; content replaced", t.javaClass.name)
            MASK_FAILED
        } finally {
            inHook.remove()
        }
    }

    companion object {
        const val MASK_FAILED = "<masked: hook failed>"
        private const val MAX_STACK_TRACE = 16 * 1024
    }
}
