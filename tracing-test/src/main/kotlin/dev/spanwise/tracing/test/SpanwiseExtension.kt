package dev.spanwise.tracing.test

import org.junit.jupiter.api.extension.AfterEachCallback
import org.junit.jupiter.api.extension.ExtensionContext
import org.junit.jupiter.api.extension.ParameterContext
import org.junit.jupiter.api.extension.ParameterResolver

/**
 * JUnit 5 extension: a test method (or `@BeforeEach`/`@AfterEach` method) that declares a
 * [TraceCapture] parameter gets a fresh one per test, closed when the test ends.
 *
 * ```java
 * @ExtendWith(SpanwiseExtension.class)
 * class AgentTest {
 *     @Test
 *     void answerIsAnLlmCall(TraceCapture capture) {
 *         Spanwise sw = Spanwise.of(capture.tracing());
 *         new Agent(sw).answer("hi");
 *         capture.assertThat("answer").isLlmCall().isUnder("agent").hasInputTokens(120);
 *     }
 * }
 * ```
 *
 * Within one test, every parameter of type `TraceCapture` is the same capture.
 */
public class SpanwiseExtension :
    ParameterResolver,
    AfterEachCallback {
    /** Whether the parameter is a [TraceCapture]. */
    override fun supportsParameter(parameterContext: ParameterContext, extensionContext: ExtensionContext): Boolean =
        parameterContext.parameter.type == TraceCapture::class.java

    /** The test's capture, created on first use. */
    override fun resolveParameter(parameterContext: ParameterContext, extensionContext: ExtensionContext): Any {
        val store = extensionContext.getStore(NAMESPACE)
        val key = extensionContext.uniqueId
        return store.getOrComputeIfAbsent(key, { TraceCapture() }, TraceCapture::class.java)
    }

    /** Closes the test's capture, if it had one. */
    override fun afterEach(context: ExtensionContext) {
        context.getStore(NAMESPACE).remove(context.uniqueId, TraceCapture::class.java)?.close()
    }

    private companion object {
        val NAMESPACE: ExtensionContext.Namespace = ExtensionContext.Namespace.create(SpanwiseExtension::class.java)
    }
}
