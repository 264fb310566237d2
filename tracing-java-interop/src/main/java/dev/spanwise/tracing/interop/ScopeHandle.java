package dev.spanwise.tracing.interop;

import dev.spanwise.tracing.scope.CurrentThreadScope;
import dev.spanwise.tracing.model.AgentArtifact;
import dev.spanwise.tracing.model.ScopeKind;
import dev.spanwise.tracing.model.SpanStatus;
import dev.spanwise.tracing.model.TraceIdentity;
import dev.spanwise.tracing.scope.TraceScope;
import dev.spanwise.tracing.Tracing;
import dev.spanwise.tracing.model.UsageTotals;
import dev.spanwise.tracing.propagation.ParentHeaders;
import dev.spanwise.tracing.propagation.TraceBaggages;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;

/**
 * An open scope — an agent run, a request, a step, a tool call — that becomes one exported span
 * when it is closed. Use it in try-with-resources:
 *
 * <pre>{@code
 * try (ScopeHandle agent = sw.scope("agent").correlationId("order-42").start()) {
 *     agent.attribute("user.id", userId);
 *     try (ScopeHandle search = agent.retrieval("kb-search").start()) { ... }
 * }
 * }</pre>
 *
 * <p>try-with-resources closes the scope before any {@code catch} clause runs, so record an
 * exception that escapes the block from inside it, in one line:
 *
 * <pre>{@code
 * try (ScopeHandle agent = sw.scope("agent").start()) {
 *     try {
 *         return runAgent(question);
 *     } catch (RuntimeException e) {
 *         throw agent.fail(e);        // status ERROR with the exception; the same instance is rethrown
 *     }
 * }
 * }</pre>
 *
 * or use the callback form, {@code sw.traced("agent", agent -> runAgent(question))}, which does it
 * for you, checked exceptions included.
 *
 * <h2>Current scope</h2>
 * A handle from {@link ScopeBuilder#start()} is the current scope of the thread that started it
 * until it is closed; scopes and LLM calls started on that thread meanwhile become its children.
 * After {@link #close()} the thread's current scope is the innermost scope started on it that is
 * still open, or none — whatever order scopes are closed in, and even when one is closed on another
 * thread. Handles from {@link Spanwise#begin} and {@link #createChild} are explicit: they never touch
 * the thread's current scope.
 *
 * <h2>Contract</h2>
 * Thread-safe; no method throws. {@link #close()} declares no checked exception and may be called
 * more than once (only the first call ends the scope). Closing a parent before its child, closing
 * twice, or ending a current scope on another thread is allowed but counted in
 * {@link Spanwise#scopeMisuse()} and logged once at WARN.
 */
public final class ScopeHandle implements AutoCloseable {
    static final ScopeHandle DISABLED = new ScopeHandle(null, Tracing.DISABLED.begin(""));
    private static final AtomicIntegerFieldUpdater<ScopeHandle> STATE =
        AtomicIntegerFieldUpdater.newUpdater(ScopeHandle.class, "state");
    private static final int OPEN = 0;
    private static final int ENDED = 1; // by end(status) or fail(error); close() still expected
    private static final int CLOSED = 2;

    private final Spanwise owner;
    private final TraceScope scope;
    private final Thread startedOn; // null for explicit handles
    private final String label; // the name given at start, for warnings (a sampled-out scope has none)
    private final int frame; // CurrentThreadScope.attach token
    private volatile int state; // a field updater instead of an AtomicInteger per handle
    private boolean detached; // only read and written on startedOn

    /** An explicit handle: not the thread's current scope. */
    ScopeHandle(Spanwise owner, TraceScope scope) {
        this(owner, scope, null, null, -1);
    }

    /** A current-scope handle: {@code scope} was attached on {@code startedOn} with token {@code frame}. */
    ScopeHandle(Spanwise owner, TraceScope scope, Thread startedOn, String label, int frame) {
        this.owner = owner;
        this.scope = scope;
        this.startedOn = startedOn;
        this.label = label;
        this.frame = frame;
    }

    /** @return the scope id, {@code <32 hex trace id>-<16 hex span id>}: the value to send to another service */
    public String id() {
        return scope.getId();
    }

    /** @return the trace id, 32 lower-case hex chars */
    public String traceId() {
        return scope.getTraceId();
    }

    /** @return the span id, 16 lower-case hex chars */
    public String spanId() {
        return scope.getSpanId();
    }

    /** @return the name given when the scope started */
    public String name() {
        return scope.getName();
    }

    /** @return what the scope stands for */
    public ScopeKind kind() {
        return scope.getKind();
    }

    /** @return the correlation id (inherited from the parent unless one was given), or {@code null} */
    public @Nullable String correlationId() {
        return scope.getCorrelationId();
    }

    /** @return the parent's scope id (local or remote), or {@code null} for a root */
    public @Nullable String parentScopeId() {
        return scope.getParentScopeId();
    }

    /** @return whether this scope records anything ({@code false} when disabled or sampled out) */
    public boolean isRecording() {
        return scope.isRecording();
    }

    /** @return whether the scope has ended */
    public boolean isEnded() {
        return scope.isEnded();
    }

    /** @return the W3C {@code traceparent} value for this scope (empty when tracing is disabled) */
    public String traceparent() {
        return scope.traceparent();
    }

    /**
     * Headers that make the receiving service's scope a child of this one: {@code traceparent},
     * {@code x-spanwise-scope} and, when the scope has a valid correlation id,
     * {@code x-spanwise-correlation}, and {@code baggage} with the trace's session id, tags and
     * metadata (and user id when {@code propagateUserId} is on) — the same headers the Ktor client plugin sends. Copy them onto
     * an outgoing HTTP request or message.
     *
     * @return an unmodifiable map; empty when tracing is disabled
     */
    public Map<String, String> headers() {
        String id = scope.getId();
        if (id.isEmpty()) return Collections.emptyMap();
        Map<String, String> headers = new LinkedHashMap<>(4);
        headers.put(Spanwise.TRACEPARENT_HEADER, scope.traceparent());
        headers.put(Spanwise.PARENT_SCOPE_HEADER, id);
        String correlationId = scope.getCorrelationId();
        if (ParentHeaders.isValidLogicalParentId(correlationId)) headers.put(Spanwise.CORRELATION_ID_HEADER, correlationId);
        String baggage = scope.baggage();
        if (baggage != null) headers.put(TraceBaggages.BAGGAGE_HEADER, baggage);
        return Collections.unmodifiableMap(headers);
    }

    /**
     * Sets an attribute; later values replace earlier ones. {@code null} keys or values are ignored.
     *
     * @param key the attribute name, e.g. {@code user.id}
     * @param value a string, number, boolean or list of those; anything else is stored as its {@code toString()}
     * @return this handle
     */
    public ScopeHandle attribute(@Nullable String key, @Nullable Object value) {
        if (key != null) scope.attribute(key, value);
        return this;
    }

    /**
     * Sets a numeric attribute (token counts, sizes, ids). Boxes the value only when the scope is
     * recorded, so a disabled or sampled-out scope costs no allocation.
     *
     * @param key the attribute name
     * @param value the value
     * @return this handle
     */
    public ScopeHandle attribute(String key, long value) {
        if (key != null) scope.attribute(key, value);
        return this;
    }

    /**
     * Sets a floating-point attribute (scores, temperatures). Boxes only when the scope is recorded.
     *
     * @param key the attribute name
     * @param value the value
     * @return this handle
     */
    public ScopeHandle attribute(String key, double value) {
        if (key != null) scope.attribute(key, value);
        return this;
    }

    /**
     * Sets a boolean attribute.
     *
     * @param key the attribute name
     * @param value the value
     * @return this handle
     */
    public ScopeHandle attribute(String key, boolean value) {
        if (key != null) scope.attribute(key, value);
        return this;
    }

    /**
     * Adds a timestamped event.
     *
     * @param name the event name
     * @return this handle
     */
    public ScopeHandle event(String name) {
        if (name != null) scope.event(name);
        return this;
    }

    /**
     * Adds a timestamped event with attributes.
     *
     * @param name the event name
     * @param attributes the event's attributes
     * @return this handle
     */
    public ScopeHandle event(String name, Map<String, ?> attributes) {
        if (name != null) scope.event(name, Nulls.attributes(attributes));
        return this;
    }

    /**
     * Puts the whole local trace in a conversation (exported as {@code session.id} and
     * {@code gen_ai.conversation.id}). Like {@link #user}, {@link #tags} and {@link #metadata}, it may
     * be called on any scope of the trace; every span of the trace that ends afterwards carries it —
     * a span that already ended does not.
     *
     * @param sessionId the conversation id ({@code null} or blank is ignored)
     * @return this handle
     */
    public ScopeHandle session(@Nullable String sessionId) {
        if (sessionId != null) scope.session(sessionId);
        return this;
    }

    /**
     * Records the end user the whole local trace serves (exported as {@code user.id}); see {@link #session}.
     *
     * @param userId the user id ({@code null} or blank is ignored)
     * @return this handle
     */
    public ScopeHandle user(@Nullable String userId) {
        if (userId != null) scope.user(userId);
        return this;
    }

    /**
     * Adds labels to the whole local trace; duplicates are kept once; see {@link #session}.
     *
     * @param tags the labels ({@code null} entries are ignored)
     * @return this handle
     */
    public ScopeHandle tags(@Nullable String... tags) {
        if (tags != null) scope.tags(Nulls.strings(tags));
        return this;
    }

    /**
     * Adds a fact about the whole local trace; see {@link #session}.
     *
     * @param key the key ({@code null} is ignored)
     * @param value a string, number or boolean (anything else, and {@code null}, is ignored)
     * @return this handle
     */
    public ScopeHandle metadata(@Nullable String key, @Nullable Object value) {
        if (key != null) scope.metadata(key, value);
        return this;
    }

    /** @return the trace's session, user, tags and metadata set so far, or {@code null} when none was set */
    public @Nullable TraceIdentity traceIdentity() {
        return scope.getTraceIdentity();
    }

    /**
     * Captures what this unit of work was given (a question, tool arguments, a query) — kept only
     * when content capture is on; masked and bounded first.
     *
     * @param content the input text ({@code null} is ignored)
     * @return this handle
     */
    public ScopeHandle input(@Nullable String content) {
        if (content != null) scope.input(content);
        return this;
    }

    /**
     * Captures what this unit of work produced — kept only when content capture is on; masked and
     * bounded first.
     *
     * @param content the output text ({@code null} is ignored)
     * @return this handle
     */
    public ScopeHandle output(@Nullable String content) {
        if (content != null) scope.output(content);
        return this;
    }

    /**
     * Marks this TOOL scope as the execution of a tool call an LLM response asked for
     * ({@link LlmCallHandle#toolCall}): exported as {@code gen_ai.tool.call.id}, with a span link to
     * that LLM call when it was recorded in this trace and process. Record the arguments with
     * {@link #input(String)} and the result with {@link #output(String)}.
     *
     * @param id the provider's call id ({@code null} is ignored)
     * @return this handle
     */
    public ScopeHandle toolCallId(@Nullable String id) {
        if (id != null) scope.toolCallId(id);
        return this;
    }

    /**
     * Marks the scope WARNING without failing it: it still ends OK, unless an error is recorded,
     * which makes it ERROR.
     *
     * @param message what was noteworthy (masked and bounded like an exception message)
     * @return this handle
     */
    public ScopeHandle warning(@Nullable String message) {
        if (message != null) scope.warning(message);
        return this;
    }

    /**
     * Records what a coding agent produced or touched — a checkpoint, a file operation, a terminal
     * command, a git link — as a typed event on this scope, e.g.
     * {@code scope.artifact(AgentArtifact.terminalCommand("npm test", 1, stdout, stderr))}. File
     * contents and command output are kept only when content capture is on (masked and bounded); the
     * command line and a description are masked and bounded like a warning message.
     *
     * @param artifact what to record ({@code null} is ignored); see {@link AgentArtifact}
     * @return this handle
     */
    public ScopeHandle artifact(@Nullable AgentArtifact artifact) {
        if (artifact != null) scope.artifact(artifact);
        return this;
    }

    /**
     * Records an error (type, message, stack trace); the scope ends with status ERROR.
     *
     * @param error what went wrong
     * @return this handle
     */
    public ScopeHandle recordError(Throwable error) {
        if (error != null) scope.recordException(error);
        return this;
    }

    /**
     * Records a numeric score about this scope (an evaluation result, e.g. {@code helpfulness} 0.9):
     * a zero-length span of kind {@code EVALUATION} under it. Allowed after the scope ended. A blank
     * name or a NaN/infinite value is ignored, counted and logged; never thrown.
     *
     * @param name the metric, e.g. {@code helpfulness}
     * @param value the score
     * @return this handle
     */
    public ScopeHandle score(String name, double value) {
        return score(name, value, null);
    }

    /**
     * Records a numeric score with a comment. The comment is kept even when content capture is off,
     * after the content mask.
     *
     * @param name the metric
     * @param value the score
     * @param comment why, or {@code null}
     * @return this handle
     */
    public ScopeHandle score(String name, double value, @Nullable String comment) {
        scope.score(Nulls.text(name), value, comment);
        return this;
    }

    /**
     * Records a boolean score (value 1.0 or 0.0, label {@code true} or {@code false}).
     *
     * @param name the metric, e.g. {@code correct}
     * @param value the verdict
     * @return this handle
     */
    public ScopeHandle score(String name, boolean value) {
        return score(name, value, null);
    }

    /**
     * Records a boolean score with a comment.
     *
     * @param name the metric
     * @param value the verdict
     * @param comment why, or {@code null}
     * @return this handle
     */
    public ScopeHandle score(String name, boolean value, @Nullable String comment) {
        scope.score(Nulls.text(name), value, comment);
        return this;
    }

    /**
     * Records a categorical score: a label only, e.g. {@code tone} = {@code friendly}.
     *
     * @param name the metric
     * @param label the category (blank or {@code null} is ignored and counted)
     * @return this handle
     */
    public ScopeHandle score(String name, String label) {
        return score(name, label, null);
    }

    /**
     * Records a categorical score with a comment.
     *
     * @param name the metric
     * @param label the category
     * @param comment why, or {@code null}
     * @return this handle
     */
    public ScopeHandle score(String name, String label, @Nullable String comment) {
        scope.score(Nulls.text(name), Nulls.text(label), comment);
        return this;
    }

    /**
     * Prepares a child step (kind {@code CHAIN}) of this scope; {@code start()} it.
     *
     * @param name the step name
     * @return a builder
     */
    public ScopeBuilder child(String name) {
        return owner == null ? ScopeBuilder.DISABLED : new ScopeBuilder(owner, name, scope, ScopeKind.CHAIN);
    }

    /**
     * Prepares a tool call made by the agent (kind {@code TOOL}); {@code start()} it.
     *
     * @param name the tool name
     * @return a builder
     */
    public ScopeBuilder tool(String name) {
        return owner == null ? ScopeBuilder.DISABLED : new ScopeBuilder(owner, name, scope, ScopeKind.TOOL);
    }

    /**
     * Prepares a search in a knowledge base or vector store (kind {@code RETRIEVAL}); {@code start()} it.
     *
     * @param name the retrieval name
     * @return a builder
     */
    public ScopeBuilder retrieval(String name) {
        return owner == null ? ScopeBuilder.DISABLED : new ScopeBuilder(owner, name, scope, ScopeKind.RETRIEVAL);
    }

    /**
     * Prepares an LLM call under this scope; {@code call(…)} or {@code start()} it.
     *
     * @param name the span name
     * @return a builder
     */
    public LlmCallBuilder llm(String name) {
        return owner == null ? LlmCallBuilder.DISABLED : new LlmCallBuilder(owner, name, scope);
    }

    /**
     * Starts an explicit child scope (kind {@code CHAIN}) that does not become the thread's current
     * scope; end it with {@link #close()}.
     *
     * @param name the child's name
     * @return the child
     */
    public ScopeHandle createChild(String name) {
        return createChild(name, ScopeKind.CHAIN);
    }

    /**
     * Starts an explicit child scope of the given kind that does not become the thread's current scope.
     *
     * @param name the child's name
     * @param kind what the child stands for
     * @return the child
     */
    public ScopeHandle createChild(String name, ScopeKind kind) {
        if (owner == null) return DISABLED;
        return new ScopeHandle(owner, scope.createChild(Nulls.name(name), Collections.emptyMap(),
            kind == null ? ScopeKind.CHAIN : kind));
    }

    /**
     * Starts an explicit LLM call under this scope; record usage on it and close it.
     *
     * @param name the span name
     * @param provider e.g. {@code openai}, or {@code null}
     * @param model the model asked for, or {@code null}
     * @return the open call
     */
    public LlmCallHandle createLlmCall(String name, @Nullable String provider, @Nullable String model) {
        return llm(name).provider(provider).model(model).start();
    }

    /**
     * Starts a streamed LLM call under this scope, timed from now; see {@link LlmStream}.
     *
     * @param name the span name
     * @param provider e.g. {@code openai}, or {@code null}
     * @param model the model asked for, or {@code null}
     * @return the open stream
     */
    public LlmStream llmStream(String name, @Nullable String provider, @Nullable String model) {
        return llm(name).provider(provider).model(model).startStream();
    }

    /** @return tokens and cost of this scope's subtree so far (the LLM calls that ended under it) */
    public UsageTotals totals() {
        return scope.totals();
    }

    /** @return the core scope behind this handle, for code that mixes in the Kotlin API */
    public TraceScope asTraceScope() {
        return scope;
    }

    /**
     * Ends the scope with the given status (OK, ERROR or CANCELLED); the thread's current scope
     * becomes the innermost scope started on it that is still open. The {@code close()} of
     * try-with-resources that follows is expected and does nothing more; calling {@code end} on a
     * scope that already ended is counted in {@link Spanwise#scopeMisuse()}.
     *
     * @param status how the work ended ({@code null}: OK, or ERROR when an error was recorded)
     */
    public void end(@Nullable SpanStatus status) {
        if (STATE.compareAndSet(this, OPEN, ENDED)) {
            if (status == null) scope.end(); else scope.end(status);
            released(true);
        } else {
            repeated("end()");
            released(false);
        }
    }

    /**
     * Ends the scope (status OK, or ERROR when an error was recorded); the thread's current scope
     * becomes the innermost scope started on it that is still open. Never throws. A second
     * {@code close()} does nothing but is counted in {@link Spanwise#scopeMisuse()}.
     */
    @Override
    public void close() {
        int prior = STATE.getAndSet(this, CLOSED);
        if (prior == OPEN) scope.end();
        if (prior == CLOSED) repeated("close()");
        released(prior == OPEN);
    }

    /**
     * Records {@code error} and ends the scope with status ERROR — or CANCELLED for a
     * {@code java.util.concurrent.CancellationException} — then returns the same instance, so that
     * recording an exception escaping a try-with-resources block is one line:
     *
     * <pre>{@code
     * try (ScopeHandle agent = sw.scope("agent").start()) {
     *     try {
     *         return runAgent(question);
     *     } catch (RuntimeException e) {
     *         throw agent.fail(e);
     *     }
     * }
     * }</pre>
     *
     * The {@code close()} that follows is expected. Calling {@code fail} on a scope that already
     * ended records nothing and is counted in {@link Spanwise#scopeMisuse()}: in
     * {@code try (ScopeHandle s = …) { … } catch (E e) { s.fail(e); }} the scope has closed before the
     * {@code catch} runs.
     *
     * @param error what went wrong; returned as is ({@code null} is ignored and returned)
     * @param <T> the exception's type, kept so that {@code throw s.fail(e)} needs no cast
     * @return {@code error}
     */
    public <T extends Throwable> @Nullable T fail(@Nullable T error) {
        if (error == null) return null;
        if (STATE.compareAndSet(this, OPEN, ENDED)) {
            if (error instanceof java.util.concurrent.CancellationException) {
                scope.end(SpanStatus.CANCELLED);
            } else {
                scope.recordException(error);
                scope.end(SpanStatus.ERROR);
            }
            released(true);
        } else {
            repeated("fail(" + error.getClass().getName() + ")");
            released(false);
        }
        return error;
    }

    private void repeated(String call) {
        if (owner != null) owner.misuse().repeated(describe(), call);
    }

    /** Takes the scope off its thread's stack: on that thread at once; from another thread it is skipped once ended. */
    private void released(boolean firstEnd) {
        if (startedOn == null) return;
        if (Thread.currentThread() != startedOn) {
            if (firstEnd) owner.misuse().otherThread(describe(), startedOn);
            return;
        }
        if (detached) return;
        detached = true;
        TraceScope stillOpen = CurrentThreadScope.detach(scope, frame);
        if (stillOpen != null) owner.misuse().outOfOrder(describe(), stillOpen);
    }

    private String describe() {
        return label != null && !label.isEmpty() ? label : MisuseMonitor.describe(scope);
    }

    @Override
    public String toString() {
        return "ScopeHandle(" + scope + ")";
    }
}
