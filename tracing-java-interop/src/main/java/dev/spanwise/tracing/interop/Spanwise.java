package dev.spanwise.tracing.interop;

import dev.spanwise.tracing.scope.CurrentThreadScope;
import dev.spanwise.tracing.export.ExportCounts;
import dev.spanwise.tracing.model.ScopeKind;
import dev.spanwise.tracing.scope.TraceScope;
import dev.spanwise.tracing.Tracing;
import dev.spanwise.tracing.interop.internal.Lifecycle;
import dev.spanwise.tracing.propagation.CorrelationHeaders;
import dev.spanwise.tracing.propagation.ParentHeaders;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Spanwise for Java: tracing for LLM agents. Build one per process, use it everywhere, close it
 * before exit.
 *
 * <pre>{@code
 * try (Spanwise sw = Spanwise.builder().serviceName("support-bot").console()
 *         .modelPricing("gpt-4o", ModelPricing.perMillionTokens(2.50, 10.00)).build()) {
 *     try (ScopeHandle agent = sw.scope("agent").correlationId("order-42").start()) {
 *         String text = sw.llm("answer").provider("openai").model("gpt-4o").call(call -> {
 *             Reply r = client.chat(question);
 *             call.usage(r.inputTokens(), r.outputTokens());
 *             return r.text();
 *         });
 *     }
 * }   // close(): flushes and shuts down within the shutdown timeout
 * }</pre>
 *
 * <h2>Styles</h2>
 * <ul>
 *   <li><b>Current scope</b>: {@link #scope}{@code .start()} in try-with-resources; scopes and LLM calls
 *       started on the same thread meanwhile become its children.</li>
 *   <li><b>Callbacks</b>: {@link #traced} and {@link LlmCallBuilder#call}; exceptions are recorded and
 *       rethrown unchanged, checked ones included.</li>
 *   <li><b>Explicit</b>: {@link #begin}, {@link ScopeHandle#createChild}, {@link #recordSpan} for calls
 *       the caller timed, {@link #recordError}.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * The current scope is a thread-local: work handed to another thread without a wrapper runs with no
 * scope and starts new traces. {@link #wrap(ExecutorService)} and friends carry it to worker threads,
 * e.g. {@code CompletableFuture.supplyAsync(task, sw.wrap(pool))}; {@link #currentScopeExecutor()}
 * binds the common pool to the current scope for {@code CompletableFuture} chains.
 *
 * <h2>Contract</h2>
 * Thread-safe. Nothing here throws into your code or blocks it, except {@link #close()}, which waits
 * at most the shutdown timeout. Futures from {@link #flush} and {@link #shutdown} always complete
 * normally with counts, even when a backend hangs; cancelling one never affects the SDK.
 */
public final class Spanwise implements AutoCloseable {
    /** The header carrying a scope id to the called service: {@value}. */
    public static final String PARENT_SCOPE_HEADER = ParentHeaders.PARENT_SCOPE_HEADER;

    /** The W3C Trace Context header: {@value}. */
    public static final String TRACEPARENT_HEADER = ParentHeaders.TRACEPARENT_HEADER;

    /** The header carrying the correlation id to the called service (sent and read as the Ktor plugins do): {@value}. */
    public static final String CORRELATION_ID_HEADER = CorrelationHeaders.CORRELATION_ID_HEADER;

    private final Tracing tracing;
    private final Lifecycle lifecycle;
    private final Duration flushTimeout;
    private final Duration shutdownTimeout;
    private final MisuseMonitor misuse = new MisuseMonitor();

    Spanwise(Tracing tracing, Duration flushTimeout, Duration shutdownTimeout) {
        this.tracing = tracing;
        this.lifecycle = new Lifecycle(tracing);
        this.flushTimeout = flushTimeout;
        this.shutdownTimeout = shutdownTimeout;
    }

    /** @return a builder; see {@link SpanwiseBuilder} */
    public static SpanwiseBuilder builder() {
        return new SpanwiseBuilder();
    }

    /**
     * Builds an instance from the {@code SPANWISE_*} and {@code OTEL_*} settings (system properties
     * first, then environment variables): {@code SPANWISE_EXPORTER}, {@code SPANWISE_ENDPOINT},
     * {@code SPANWISE_API_KEY}, {@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code SPANWISE_ENABLED}, … Use
     * {@code builder().fromEnvironment()} to add settings in code on top.
     *
     * @return the configured instance
     * @throws IllegalArgumentException naming an invalid variable and its value (never an API key)
     */
    public static Spanwise fromEnvironment() {
        return builder().fromEnvironment().build();
    }

    /**
     * Wraps a {@code Tracing} built with the Kotlin API, so Java code can share it.
     *
     * @param tracing the instance; closing the returned {@code Spanwise} shuts it down
     * @return the facade
     */
    public static Spanwise of(@Nullable Tracing tracing) {
        Duration d = Duration.ofSeconds(10);
        return new Spanwise(tracing == null ? Tracing.DISABLED : tracing, d, d);
    }

    // ---- scopes ----

    /**
     * Prepares a scope: a child of the thread's current scope, or a new trace.
     *
     * @param name what the scope does, e.g. {@code support-agent}
     * @return a builder; {@code start()} it in try-with-resources
     */
    public ScopeBuilder scope(String name) {
        return tracing.isEnabled() ? new ScopeBuilder(this, name, null, null) : ScopeBuilder.DISABLED;
    }

    /**
     * Runs {@code work} in a new scope (see {@link ScopeBuilder#call}); shorthand for
     * {@code scope(name).call(work)}.
     *
     * @param name the scope name
     * @param work the work
     * @param <T> what the work returns
     * @param <E> the checked exception the work may throw
     * @return what {@code work} returned
     * @throws E whatever {@code work} threw, unchanged
     */
    public <T, E extends Exception> T traced(String name, ScopeCallable<T, E> work) throws E {
        return scope(name).call(work);
    }

    /**
     * Prepares an LLM call: a child of the thread's current scope, or a root.
     *
     * @param name the span name
     * @return a builder; {@code call(…)} or {@code start()} it
     */
    public LlmCallBuilder llm(String name) {
        return tracing.isEnabled() ? new LlmCallBuilder(this, name, null) : LlmCallBuilder.DISABLED;
    }

    /**
     * Starts a streamed LLM call, timed from now: a child of the thread's current scope, or a root.
     * Report chunks on it (or wrap the SDK's iterator or stream) and end it; see {@link LlmStream}.
     *
     * @param name the span name
     * @param provider e.g. {@code openai}, or {@code null}
     * @param model the model asked for, or {@code null}
     * @return the open stream
     */
    public LlmStream llmStream(String name, @Nullable String provider, @Nullable String model) {
        return llm(name).provider(provider).model(model).startStream();
    }

    /**
     * Starts an explicit scope that does not become the thread's current scope (Tracentic style):
     * pass it around, {@link ScopeHandle#createChild} under it, close it.
     *
     * @param name the scope name
     * @return the open scope
     */
    public ScopeHandle begin(String name) {
        return begin(name, null, null);
    }

    /**
     * Like {@link #begin(String)}, with a correlation id.
     *
     * @param name the scope name
     * @param correlationId shared by the scopes of one logical operation, or {@code null}
     * @return the open scope
     */
    public ScopeHandle begin(String name, @Nullable String correlationId) {
        return begin(name, correlationId, null);
    }

    /**
     * Like {@link #begin(String)}, with a correlation id and a parent in another service.
     *
     * @param name the scope name
     * @param correlationId shared by the scopes of one logical operation, or {@code null}
     * @param parentScopeId the remote parent's scope id or {@code traceparent}; invalid values are ignored
     * @return the open scope
     */
    public ScopeHandle begin(String name, @Nullable String correlationId, @Nullable String parentScopeId) {
        if (!tracing.isEnabled()) return ScopeHandle.DISABLED;
        return open(Nulls.name(name), null, null, correlationId, parentScopeId, null, false);
    }

    /**
     * Starts an explicit scope for an incoming request or message, a child of the caller's scope
     * when its headers carry a valid one ({@code x-spanwise-scope}, {@code traceparent},
     * {@code x-tracentic-scope-id}; names in any case), with the caller's correlation id from
     * {@code x-spanwise-correlation}. Kind {@code AGENT}: it is the local root.
     *
     * @param name the scope name
     * @param headers the incoming headers
     * @return the open scope
     */
    public ScopeHandle beginFromHeaders(String name, Map<String, String> headers) {
        return scope(name).parentFromHeaders(headers).begin();
    }

    /**
     * Records an LLM call the caller timed as a child of {@code scope}.
     *
     * @param scope the parent, or {@code null} for a root span
     * @param record the call
     */
    public void recordSpan(@Nullable ScopeHandle scope, @Nullable LlmSpanRecord record) {
        if (record != null) tracing.recordSpan(scope == null ? null : scope.asTraceScope(), record.asLlmSpan());
    }

    /**
     * Records an LLM call the caller timed as a child of the thread's current scope (or a root).
     *
     * @param record the call
     */
    public void recordSpan(LlmSpanRecord record) {
        if (record != null) tracing.recordSpan(CurrentThreadScope.get(), record.asLlmSpan());
    }

    /**
     * Records a failed LLM call: {@code record} (or a zero-length span named after the error) with
     * status ERROR and the error's type, message and stack trace.
     *
     * @param scope the parent, or {@code null} for a root span
     * @param record the call, or {@code null}
     * @param error what went wrong
     */
    public void recordError(@Nullable ScopeHandle scope, @Nullable LlmSpanRecord record, Throwable error) {
        if (error == null) return;
        tracing.recordError(scope == null ? null : scope.asTraceScope(), record == null ? null : record.asLlmSpan(), error);
    }

    /**
     * Records a numeric score after the fact, e.g. from a feedback endpoint that only has the id: a
     * zero-length {@code EVALUATION} span under the scope {@code scopeId} in its trace. An invalid id, a blank name or a non-finite value
     * is ignored, counted and logged; a sampled-out trace records nothing.
     *
     * @param scopeId the target's scope id ({@link ScopeHandle#id()}) or a {@code traceparent} value
     * @param name the metric
     * @param value the score
     */
    public void score(String scopeId, String name, double value) {
        score(scopeId, name, value, null);
    }

    /**
     * Records a numeric score after the fact, with a comment (kept with content capture off, after
     * the content mask); see {@link #score(String, String, double)}.
     *
     * @param scopeId the target's scope id ({@link ScopeHandle#id()}) or a {@code traceparent} value
     * @param name the metric
     * @param value the score
     * @param comment why, or {@code null}
     */
    public void score(String scopeId, String name, double value, @Nullable String comment) {
        tracing.score(Nulls.text(scopeId), Nulls.text(name), value, comment);
    }

    /**
     * Records a numeric score after the fact, e.g. from a feedback endpoint that only has the id: a
     * zero-length {@code EVALUATION} span as a root span of the trace {@code traceId}. An invalid id, a blank name or a non-finite value
     * is ignored, counted and logged; a sampled-out trace records nothing.
     *
     * @param traceId the target trace id, 32 lower-case hex chars ({@link ScopeHandle#traceId()})
     * @param name the metric
     * @param value the score
     */
    public void scoreTrace(String traceId, String name, double value) {
        scoreTrace(traceId, name, value, null);
    }

    /**
     * Records a numeric score after the fact, with a comment (kept with content capture off, after
     * the content mask); see {@link #scoreTrace(String, String, double)}.
     *
     * @param traceId the target trace id, 32 lower-case hex chars ({@link ScopeHandle#traceId()})
     * @param name the metric
     * @param value the score
     * @param comment why, or {@code null}
     */
    public void scoreTrace(String traceId, String name, double value, @Nullable String comment) {
        tracing.scoreTrace(Nulls.text(traceId), Nulls.text(name), value, comment);
    }

    /**
     * Records a boolean score after the fact, e.g. from a feedback endpoint that only has the id: a
     * zero-length {@code EVALUATION} span under the scope {@code scopeId} in its trace. An invalid id, a blank name or a non-finite value
     * is ignored, counted and logged; a sampled-out trace records nothing.
     *
     * @param scopeId the target's scope id ({@link ScopeHandle#id()}) or a {@code traceparent} value
     * @param name the metric
     * @param value the verdict (value 1.0/0.0, label true/false)
     */
    public void score(String scopeId, String name, boolean value) {
        score(scopeId, name, value, null);
    }

    /**
     * Records a boolean score after the fact, with a comment (kept with content capture off, after
     * the content mask); see {@link #score(String, String, boolean)}.
     *
     * @param scopeId the target's scope id ({@link ScopeHandle#id()}) or a {@code traceparent} value
     * @param name the metric
     * @param value the verdict (value 1.0/0.0, label true/false)
     * @param comment why, or {@code null}
     */
    public void score(String scopeId, String name, boolean value, @Nullable String comment) {
        tracing.score(Nulls.text(scopeId), Nulls.text(name), value, comment);
    }

    /**
     * Records a boolean score after the fact, e.g. from a feedback endpoint that only has the id: a
     * zero-length {@code EVALUATION} span as a root span of the trace {@code traceId}. An invalid id, a blank name or a non-finite value
     * is ignored, counted and logged; a sampled-out trace records nothing.
     *
     * @param traceId the target trace id, 32 lower-case hex chars ({@link ScopeHandle#traceId()})
     * @param name the metric
     * @param value the verdict (value 1.0/0.0, label true/false)
     */
    public void scoreTrace(String traceId, String name, boolean value) {
        scoreTrace(traceId, name, value, null);
    }

    /**
     * Records a boolean score after the fact, with a comment (kept with content capture off, after
     * the content mask); see {@link #scoreTrace(String, String, boolean)}.
     *
     * @param traceId the target trace id, 32 lower-case hex chars ({@link ScopeHandle#traceId()})
     * @param name the metric
     * @param value the verdict (value 1.0/0.0, label true/false)
     * @param comment why, or {@code null}
     */
    public void scoreTrace(String traceId, String name, boolean value, @Nullable String comment) {
        tracing.scoreTrace(Nulls.text(traceId), Nulls.text(name), value, comment);
    }

    /**
     * Records a categorical score after the fact, e.g. from a feedback endpoint that only has the id: a
     * zero-length {@code EVALUATION} span under the scope {@code scopeId} in its trace. An invalid id, a blank name or a non-finite value
     * is ignored, counted and logged; a sampled-out trace records nothing.
     *
     * @param scopeId the target's scope id ({@link ScopeHandle#id()}) or a {@code traceparent} value
     * @param name the metric
     * @param label the category
     */
    public void score(String scopeId, String name, String label) {
        score(scopeId, name, label, null);
    }

    /**
     * Records a categorical score after the fact, with a comment (kept with content capture off, after
     * the content mask); see {@link #score(String, String, String)}.
     *
     * @param scopeId the target's scope id ({@link ScopeHandle#id()}) or a {@code traceparent} value
     * @param name the metric
     * @param label the category
     * @param comment why, or {@code null}
     */
    public void score(String scopeId, String name, String label, @Nullable String comment) {
        tracing.score(Nulls.text(scopeId), Nulls.text(name), Nulls.text(label), comment);
    }

    /**
     * Records a categorical score after the fact, e.g. from a feedback endpoint that only has the id: a
     * zero-length {@code EVALUATION} span as a root span of the trace {@code traceId}. An invalid id, a blank name or a non-finite value
     * is ignored, counted and logged; a sampled-out trace records nothing.
     *
     * @param traceId the target trace id, 32 lower-case hex chars ({@link ScopeHandle#traceId()})
     * @param name the metric
     * @param label the category
     */
    public void scoreTrace(String traceId, String name, String label) {
        scoreTrace(traceId, name, label, null);
    }

    /**
     * Records a categorical score after the fact, with a comment (kept with content capture off, after
     * the content mask); see {@link #scoreTrace(String, String, String)}.
     *
     * @param traceId the target trace id, 32 lower-case hex chars ({@link ScopeHandle#traceId()})
     * @param name the metric
     * @param label the category
     * @param comment why, or {@code null}
     */
    public void scoreTrace(String traceId, String name, String label, @Nullable String comment) {
        tracing.scoreTrace(Nulls.text(traceId), Nulls.text(name), Nulls.text(label), comment);
    }

    /**
     * The headers to put on an outgoing call so the called service joins the thread's current scope.
     *
     * @return {@code traceparent}, {@code x-spanwise-scope} and {@code x-spanwise-correlation} (see
     *     {@link ScopeHandle#headers()}), or an empty map with no current scope
     */
    public Map<String, String> currentHeaders() {
        TraceScope current = CurrentThreadScope.get();
        if (current == null) return Collections.emptyMap();
        return new ScopeHandle(null, current).headers();
    }

    // ---- threads ----

    /**
     * An executor that runs each task with the scope that was current where it was submitted.
     * Without it, work handed to another thread — {@code CompletableFuture.supplyAsync(task)} on the
     * common pool, a parallel stream, a plain pool — runs with no current scope and silently starts
     * new traces. For {@code CompletableFuture} stages that may be submitted from a thread with no
     * scope ({@code thenApplyAsync} after an I/O callback), prefer {@link #currentScopeExecutor(Executor)}.
     *
     * @param executor the executor to wrap
     * @return the wrapper (the argument itself when tracing is disabled)
     */
    public Executor wrap(Executor executor) {
        return tracing.isEnabled() ? CurrentScopeCarrier.wrap(executor) : executor;
    }

    /**
     * An executor service that runs each task with the scope that was current where it was
     * submitted ({@code submit}, {@code invokeAll}, {@code invokeAny}, {@code execute}); shutting the
     * wrapper down shuts {@code executor} down.
     *
     * @param executor the executor service to wrap
     * @return the wrapper (the argument itself when tracing is disabled)
     */
    public ExecutorService wrap(ExecutorService executor) {
        return tracing.isEnabled() ? CurrentScopeCarrier.wrap(executor) : executor;
    }

    /**
     * A scheduled executor service that runs each task with the scope that was current where it was
     * submitted or scheduled; every run of a periodic task ({@code scheduleAtFixedRate},
     * {@code scheduleWithFixedDelay}) gets that scope. Shutting the wrapper down shuts
     * {@code executor} down.
     *
     * @param executor the scheduled executor service to wrap
     * @return the wrapper (the argument itself when tracing is disabled)
     */
    public ScheduledExecutorService wrap(ScheduledExecutorService executor) {
        return tracing.isEnabled() ? CurrentScopeCarrier.wrap(executor) : executor;
    }

    /**
     * An executor bound to the scope current <em>now</em>: every task it runs, whenever and from
     * whatever thread it is submitted, runs with that scope. Hand it to {@code CompletableFuture}
     * methods so that every stage of a chain stays in the scope that built the chain:
     *
     * <pre>{@code
     * try (ScopeHandle agent = sw.scope("agent").start()) {
     *     Executor inAgent = sw.currentScopeExecutor(ForkJoinPool.commonPool());
     *     String answer = CompletableFuture.supplyAsync(() -> search(question), inAgent)
     *         .thenApplyAsync(docs -> draft(docs), inAgent)     // children of "agent", whichever thread completes the search
     *         .join();
     * }
     * }</pre>
     *
     * With no current scope, tasks run with none. Unlike {@link #wrap(Executor)}, the scope is
     * fixed when this method is called, not when a task is submitted.
     *
     * @param executor where the tasks run
     * @return the bound executor (the argument itself when tracing is disabled)
     */
    public Executor currentScopeExecutor(Executor executor) {
        return tracing.isEnabled() ? CurrentScopeCarrier.bindCurrent(executor) : executor;
    }

    /**
     * {@link #currentScopeExecutor(Executor)} on {@link ForkJoinPool#commonPool()}, the pool that
     * {@code CompletableFuture.supplyAsync(task)} and parallel streams use by default:
     * {@code CompletableFuture.supplyAsync(task, sw.currentScopeExecutor())}.
     *
     * @return an executor on the common pool bound to the scope current now
     */
    public Executor currentScopeExecutor() {
        return currentScopeExecutor(ForkJoinPool.commonPool());
    }

    /**
     * A task that runs with the scope that is current now, wherever it runs.
     *
     * @param task the task
     * @return the wrapper (the argument itself when tracing is disabled)
     */
    public Runnable wrap(Runnable task) {
        return tracing.isEnabled() ? CurrentScopeCarrier.wrap(task) : task;
    }

    /**
     * A task that runs with the scope that is current now, wherever it runs.
     *
     * @param task the task
     * @param <T> what it returns
     * @return the wrapper (the argument itself when tracing is disabled)
     */
    public <T> Callable<T> wrap(Callable<T> task) {
        return tracing.isEnabled() ? CurrentScopeCarrier.wrap(task) : task;
    }

    /**
     * A supplier that runs with the scope that is current now, wherever it runs — for
     * {@code CompletableFuture.supplyAsync(sw.wrapSupplier(() -> …))} on the common pool. (Named
     * apart from {@code wrap} so that a lambda never matches both it and {@link #wrap(Callable)}.)
     *
     * @param task the supplier
     * @param <T> what it supplies
     * @return the wrapper (the argument itself when tracing is disabled)
     */
    public <T> Supplier<T> wrapSupplier(Supplier<T> task) {
        return tracing.isEnabled() ? CurrentScopeCarrier.wrapSupplier(task) : task;
    }

    /**
     * A function that runs with the scope that is current now, on whatever threads apply it — for
     * parallel streams ({@code docs.parallelStream().map(sw.wrapFunction(this::embed))}) and
     * {@code CompletableFuture.thenApplyAsync}.
     *
     * @param task the function
     * @param <T> its argument
     * @param <R> its result
     * @return the wrapper (the argument itself when tracing is disabled)
     */
    public <T, R> Function<T, R> wrapFunction(Function<T, R> task) {
        return tracing.isEnabled() ? CurrentScopeCarrier.wrapFunction(task) : task;
    }

    // ---- lifecycle ----

    /**
     * Hands every span ended before this call to its exporter, waiting at most the flush timeout.
     *
     * @return completes normally with the pipeline's counts; {@code pending > 0} if time ran out
     */
    public CompletableFuture<ExportCounts> flush() {
        return flush(flushTimeout);
    }

    /**
     * Like {@link #flush()} with an explicit timeout.
     *
     * @param timeout how long to wait at most ({@code null} or negative counts as zero)
     * @return completes normally, within {@code timeout} plus a small grace, with the counts
     */
    public CompletableFuture<ExportCounts> flush(@Nullable Duration timeout) {
        return lifecycle.flush(sanitize(timeout));
    }

    /**
     * Flushes, stops the export pipelines and closes the exporters, within the shutdown timeout.
     * Idempotent: later calls complete at once with the current counts.
     *
     * @return completes normally with the final counts
     */
    public CompletableFuture<ExportCounts> shutdown() {
        return shutdown(shutdownTimeout);
    }

    /**
     * Like {@link #shutdown()} with an explicit timeout.
     *
     * @param timeout how long to wait at most ({@code null} or negative counts as zero)
     * @return completes normally, within {@code timeout} plus a small grace, with the final counts
     */
    public CompletableFuture<ExportCounts> shutdown(@Nullable Duration timeout) {
        return lifecycle.shutdown(sanitize(timeout));
    }

    /** Shuts down and waits for it (at most the shutdown timeout plus a small grace). Never throws. */
    @Override
    public void close() {
        shutdown().join();
    }

    /**
     * The pipeline's counts right now, without waiting. Scopes closed out of order, twice or on
     * another thread are counted separately, in {@link #scopeMisuse()}.
     *
     * @return exported, dropped and pending spans
     */
    public ExportCounts stats() {
        return tracing.stats();
    }

    /**
     * How often this instance's scopes were closed out of order, more than once, or on a thread
     * other than the one that started them. Such closes are never an error — the scope ends and
     * each thread's current scope heals — but the first of each kind is logged at WARN with the
     * scope names, and the counts are here for tests and health checks.
     *
     * @return a snapshot of the counts
     */
    public ScopeMisuse scopeMisuse() {
        return misuse.snapshot();
    }

    /** @return whether this instance records anything */
    public boolean isEnabled() {
        return tracing.isEnabled();
    }

    /** @return the configured service name */
    public String serviceName() {
        return tracing.getServiceName();
    }

    /** @return the core instance behind this facade, for code that mixes in the Kotlin API */
    public Tracing tracing() {
        return tracing;
    }

    @Override
    public String toString() {
        return "Spanwise(" + tracing + ")";
    }

    ScopeHandle open(ScopeBuilder b, boolean makeCurrent) {
        return open(b.name(), b.parent(), b.kind(), b.correlationId(), b.parentScopeId(), b.attributes(), makeCurrent);
    }

    private ScopeHandle open(
        String name,
        TraceScope parent,
        ScopeKind explicitKind,
        String correlationId,
        String parentScopeId,
        Map<String, Object> attributes,
        boolean makeCurrent
    ) {
        // A scope with no local parent is the local root of its part of the trace, even when it
        // continues a caller's trace: AGENT by default; a local child is a CHAIN step.
        boolean localChild = parent != null || (parentScopeId == null && CurrentThreadScope.get() != null);
        ScopeKind kind = explicitKind != null ? explicitKind : (localChild ? ScopeKind.CHAIN : ScopeKind.AGENT);
        Map<String, Object> attrs = attributes == null ? Collections.emptyMap() : attributes;
        TraceScope scope;
        if (parent != null) {
            TraceScope saved = CurrentThreadScope.enter(parent);
            try {
                scope = tracing.begin(name, correlationId, null, attrs, kind);
            } finally {
                CurrentThreadScope.restore(saved);
            }
        } else {
            scope = tracing.begin(name, correlationId, parentScopeId, attrs, kind);
        }
        if (!makeCurrent) return new ScopeHandle(this, scope);
        return new ScopeHandle(this, scope, Thread.currentThread(), name, CurrentThreadScope.attach(scope));
    }

    MisuseMonitor misuse() {
        return misuse;
    }

    private static Duration sanitize(Duration timeout) {
        return timeout == null || timeout.isNegative() ? Duration.ZERO : timeout;
    }
}
