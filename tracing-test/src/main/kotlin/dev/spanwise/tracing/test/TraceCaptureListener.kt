package dev.spanwise.tracing.test

import dev.spanwise.tracing.config.TracingConfig
import io.kotest.core.listeners.AfterEachListener
import io.kotest.core.listeners.BeforeEachListener
import io.kotest.core.test.TestCase
import io.kotest.engine.test.TestResult

/**
 * kotest listener: a fresh [TraceCapture] for every test, closed after it.
 *
 * ```kotlin
 * class AgentSpec : FunSpec({
 *     val traces = register(TraceCaptureListener { pricing { model("gpt-4o", input = 2.5, output = 10.0) } })
 *     test("the answer is an LLM call under the agent") {
 *         Agent(traces.capture.tracing).answer("hi")
 *         traces.capture.assertThat("answer").isLlmCall().isUnder("agent")
 *     }
 * })
 * ```
 */
public class TraceCaptureListener(
    private val configure: TracingConfig.() -> Unit = {},
) : BeforeEachListener,
    AfterEachListener {
    @Volatile
    private var current: TraceCapture? = null

    /** The capture of the running test. */
    public val capture: TraceCapture
        get() = current ?: error("TraceCaptureListener.capture is available while a test runs (is the listener registered?)")

    override suspend fun beforeEach(testCase: TestCase) {
        current = TraceCapture(configure)
    }

    override suspend fun afterEach(testCase: TestCase, result: TestResult) {
        current?.close()
        current = null
    }
}
