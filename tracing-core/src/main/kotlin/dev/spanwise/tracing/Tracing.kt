package dev.spanwise.tracing

import dev.spanwise.tracing.config.TracingConfig
import dev.spanwise.tracing.export.ExportCounts
import dev.spanwise.tracing.internal.engine.NonRecordingScope
import dev.spanwise.tracing.internal.engine.ScoreInput
import dev.spanwise.tracing.internal.engine.TracingEngine
import dev.spanwise.tracing.internal.engine.UnconfiguredTracing
import dev.spanwise.tracing.internal.engine.scoreScope
import dev.spanwise.tracing.internal.engine.scoreTrace
import dev.spanwise.tracing.model.Attributes
import dev.spanwise.tracing.model.ScopeKind
import dev.spanwise.tracing.scope.CompletedLlmCall
import dev.spanwise.tracing.scope.CurrentThreadScope
import dev.spanwise.tracing.scope.LlmScope
import dev.spanwise.tracing.scope.TraceScope
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * The entry point: creates scopes and spans and owns the export pipelines. Build one per process
 * with the `Tracing { … }` DSL, use it everywhere, and [shutdown] it before exit.
 *
 * ```kotlin
 * val tracing = Tracing { serviceName = "support-bot"; exporter = Exporters.console() }
 * val answer = tracing.traced("support-agent", correlationId = "order-42") {
 *     llm("answer", provider = "openai", model = "gpt-4o") { usage(inputTokens = 120, outputTokens = 40); "…" }
 * }
 * tracing.shutdown()
 * ```
 *
 * A `Tracing` is also a coroutine context element: `withContext(tracing) { traced("step") { … } }`
 * makes it the ambient instance for top-level [traced].
 *
 * ### Contract
 * Thread-safe. Never throws into user code and never blocks it: recording after shutdown,
 * bad arguments and exporter failures are counted and logged (throttled). Configuration errors
 * fail when it is built, naming the offending value.
 */
public class Tracing internal constructor(config: TracingConfig) : AbstractCoroutineContextElement(Key) {
    internal val engine: TracingEngine? = if (config.enabled) TracingEngine(config) else null

    /** Whether this instance records anything (`false` when built with `enabled = false`). */
    public val isEnabled: Boolean get() = engine != null

    /** Whether the user id travels in the `baggage` header (`TracingConfig.propagateUserId`). */
    public val propagatesUserId: Boolean get() = engine?.propagateUserId ?: false

    /** The configured service name. */
    public val serviceName: String = config.serviceName

    /**
     * Starts a scope explicitly; end it with [TraceScope.end]. Nothing is put in any context: pass
     * the scope around, create children with [TraceScope.createChild].
     *
     * @param parentScopeId a scope id (or `traceparent` value) from another service makes this scope its
     *   child in the same trace; any other valid id is kept as a logical parent link; invalid values are ignored.
     */
    @JvmOverloads
    public fun begin(
        name: String,
        correlationId: String? = null,
        parentScopeId: String? = null,
        attributes: Map<String, Any?> = emptyMap(),
        kind: ScopeKind = ScopeKind.AGENT,
    ): TraceScope {
        val e = engine ?: return NonRecordingScope.DISABLED
        return e.startSpan(name, kind, CurrentThreadScope.get().takeIf { parentScopeId == null }, parentScopeId, correlationId, attributes, Attributes.EMPTY)
    }

    /**
     * Starts an explicit LLM call: a child of the thread's current scope ([CurrentThreadScope]), of
     * [parentScopeId] when given, else a root. Record usage on it and [TraceScope.end] it.
     */
    @JvmOverloads
    public fun beginLlmCall(
        name: String,
        provider: String? = null,
        model: String? = null,
        operation: String = "chat",
        parentScopeId: String? = null,
    ): LlmScope {
        val e = engine ?: return NonRecordingScope.DISABLED
        return e.startLlmCall(CurrentThreadScope.get().takeIf { parentScopeId == null }, parentScopeId, name, provider, model, operation)
    }

    /** Records an LLM call timed by the caller as a child of [scope] (a new root when `null`). */
    public fun recordSpan(scope: TraceScope?, span: CompletedLlmCall) {
        engine?.recordLlmSpan(scope, span, null)
    }

    /** Records an LLM call timed by the caller as a root span. */
    public fun recordSpan(span: CompletedLlmCall) {
        engine?.recordLlmSpan(null, span, null)
    }

    /**
     * Records a failed LLM call: [span] (or, when `null`, a zero-length span named after the
     * error) with status ERROR and the error's type, message and stack trace, under [scope].
     */
    public fun recordError(scope: TraceScope?, span: CompletedLlmCall?, error: Throwable) {
        val e = engine ?: return
        val now = java.time.Instant.now()
        e.recordLlmSpan(scope, span ?: CompletedLlmCall(name = "llm.error", startedAt = now, endedAt = now), error)
    }

    /**
     * Records a numeric score after the fact about the scope [scopeId] (its `TraceScope.id`, or a
     * `traceparent` value), e.g. from a feedback endpoint that only has the id: a zero-length
     * `EVALUATION` span under that scope, in its trace. Like [TraceScope.score] otherwise; an
     * invalid id is ignored, counted and logged; a trace that is sampled out records nothing.
     */
    @JvmOverloads
    public fun score(scopeId: String, name: String, value: Double, comment: String? = null) {
        engine?.scoreScope(scopeId, ScoreInput.numeric(name, value, comment))
    }

    /** Records a boolean score about the scope [scopeId]; see the numeric [score]. */
    @JvmOverloads
    public fun score(scopeId: String, name: String, value: Boolean, comment: String? = null) {
        engine?.scoreScope(scopeId, ScoreInput.boolean(name, value, comment))
    }

    /** Records a categorical score ([label] only) about the scope [scopeId]; see the numeric [score]. */
    @JvmOverloads
    public fun score(scopeId: String, name: String, label: String, comment: String? = null) {
        engine?.scoreScope(scopeId, ScoreInput.categorical(name, label, comment))
    }

    /**
     * Records a numeric score about the whole trace [traceId] (32 lower-case hex chars): a
     * zero-length `EVALUATION` root span in that trace. Otherwise like [score].
     */
    @JvmOverloads
    public fun scoreTrace(traceId: String, name: String, value: Double, comment: String? = null) {
        engine?.scoreTrace(traceId, ScoreInput.numeric(name, value, comment))
    }

    /** Records a boolean score about the trace [traceId]; see the numeric [scoreTrace]. */
    @JvmOverloads
    public fun scoreTrace(traceId: String, name: String, value: Boolean, comment: String? = null) {
        engine?.scoreTrace(traceId, ScoreInput.boolean(name, value, comment))
    }

    /** Records a categorical score ([label] only) about the trace [traceId]; see the numeric [scoreTrace]. */
    @JvmOverloads
    public fun scoreTrace(traceId: String, name: String, label: String, comment: String? = null) {
        engine?.scoreTrace(traceId, ScoreInput.categorical(name, label, comment))
    }

    /**
     * Waits until every span ended before this call has been handed to its exporter (or [timeout]
     * passes) and returns the pipeline's counts. Never throws.
     */
    public suspend fun flush(timeout: Duration = DEFAULT_TIMEOUT): ExportCounts = engine?.flush(timeout) ?: ExportCounts.EMPTY

    /**
     * Flushes, stops the export pipelines and closes the exporters. Idempotent and safe from
     * several threads: later calls return the current counts at once. Spans ended afterwards are
     * counted as `ALREADY_SHUTDOWN`.
     */
    public suspend fun shutdown(timeout: Duration = DEFAULT_TIMEOUT): ExportCounts =
        engine?.shutdown(timeout) ?: ExportCounts.EMPTY

    /** The pipeline's counts right now, without waiting. */
    public fun stats(): ExportCounts = engine?.stats() ?: ExportCounts.EMPTY

    override fun toString(): String = "Tracing(serviceName=$serviceName, enabled=$isEnabled)"

    /** The coroutine context key, the process-wide default instance, and factories. */
    public companion object Key : CoroutineContext.Key<Tracing> {
        /** 10 seconds: the default flush and shutdown timeout. */
        public val DEFAULT_TIMEOUT: Duration = 10.seconds

        /** A disabled instance: everything is a no-op. */
        @JvmField
        public val DISABLED: Tracing = Tracing(TracingConfig().apply { enabled = false })

        @Volatile
        private var installed: Tracing? = null

        /**
         * The process-wide default used by top-level [traced] when the coroutine context holds no
         * scope and no `Tracing`. It is [DISABLED] until one is set.
         */
        @JvmStatic
        public var global: Tracing
            get() = installed ?: DISABLED
            set(value) {
                installed = value
            }

        internal val isGlobalSet: Boolean get() = installed != null

        /**
         * How many scopes top-level [traced] could not record because it found no `Tracing`: none in
         * the current scope or the coroutine context, and [global] not set. The first one is also
         * logged at WARN, once per process, with the fix.
         */
        @JvmStatic
        public fun unconfiguredScopeCount(): Long = UnconfiguredTracing.count()

        /**
         * Builds a `Tracing` configured by system properties and environment variables
         * (`SPANWISE_*`, `OTEL_*`; see [dev.spanwise.tracing.config.EnvironmentConfig]).
         * Throws [IllegalArgumentException] naming any invalid value.
         */
        @JvmStatic
        public fun fromEnvironment(): Tracing = fromEnvironment(dev.spanwise.tracing.config.EnvironmentConfig.system()) {}

        /**
         * Builds a `Tracing` from the environment, then [block]: what the code sets wins over
         * system properties, which win over environment variables. The environment's exporter is
         * used only when [block] sets none.
         */
        @JvmSynthetic
        public fun fromEnvironment(block: TracingConfig.() -> Unit): Tracing =
            fromEnvironment(dev.spanwise.tracing.config.EnvironmentConfig.system(), block)

        /** Like [fromEnvironment], reading [environment] instead of the process's. */
        @JvmSynthetic
        public fun fromEnvironment(environment: dev.spanwise.tracing.config.EnvironmentConfig, block: TracingConfig.() -> Unit): Tracing {
            val config = TracingConfig()
            environment.applySettings(config)
            config.block()
            if (config.exporter == null) config.exporter = environment.exporter()
            return create(config)
        }

        /** Builds a `Tracing` from [config]; throws [IllegalArgumentException] naming any invalid value. */
        @JvmStatic
        public fun create(config: TracingConfig): Tracing {
            config.validate()
            return Tracing(config)
        }
    }
}

/** Builds a [Tracing] with the configuration DSL; throws [IllegalArgumentException] naming any invalid value. */
public fun Tracing(block: TracingConfig.() -> Unit): Tracing = Tracing.create(TracingConfig().apply(block))
