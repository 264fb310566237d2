package dev.spanwise.tracing.interop;

import dev.spanwise.tracing.model.ScopeKind;
import dev.spanwise.tracing.model.TraceIdentity;
import dev.spanwise.tracing.propagation.IncomingHeaders;
import dev.spanwise.tracing.scope.TraceScope;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Prepares a scope; {@link #start()} opens it as the thread's current scope, {@link #call} and
 * {@link #run} wrap a callback in it.
 *
 * <pre>{@code
 * try (ScopeHandle agent = sw.scope("support-agent")
 *         .correlationId("order-42")
 *         .parentFromHeaders(request::getHeader)      // joins the caller's trace, if it sent one
 *         .attribute("user.id", userId)
 *         .start()) {
 *     ...
 * }
 * }</pre>
 *
 * <h2>Parent</h2>
 * In order: the scope this builder came from ({@link ScopeHandle#child} and friends), else a
 * remote parent from {@link #parentScopeId} or {@link #parentFromHeaders}, else the thread's current
 * scope, else none (a new trace). Invalid parent ids are ignored: the scope becomes a new root.
 *
 * <p>Builders are cheap, single-use and not thread-safe. No method throws.
 */
public final class ScopeBuilder {
    static final ScopeBuilder DISABLED = new ScopeBuilder(null, "", null, null);

    private final Spanwise owner;
    private final String name;
    private final TraceScope parent;
    private ScopeKind kind;
    private String correlationId;
    private String parentScopeId;
    private Map<String, Object> attributes;
    private TraceIdentity identity;

    ScopeBuilder(Spanwise owner, String name, TraceScope parent, ScopeKind kind) {
        this.owner = owner;
        this.name = Nulls.name(name);
        this.parent = parent;
        this.kind = kind;
    }

    /**
     * Sets the correlation id shared by the scopes of one logical operation (an order, a ticket,
     * a conversation); children inherit it.
     *
     * @param correlationId the id, or {@code null} to inherit the parent's
     * @return this builder
     */
    public ScopeBuilder correlationId(@Nullable String correlationId) {
        if (owner != null) this.correlationId = correlationId;
        return this;
    }

    /**
     * Makes the scope a child of a scope in another service: pass the value that service sent
     * (its {@code scope.id()} or a {@code traceparent}). Other well-formed ids are kept as a logical
     * parent link; malformed ones are ignored.
     *
     * @param parentScopeId the remote parent's id, or {@code null}
     * @return this builder
     */
    public ScopeBuilder parentScopeId(@Nullable String parentScopeId) {
        if (owner != null) this.parentScopeId = parentScopeId;
        return this;
    }

    /**
     * Takes the remote parent from an incoming request's or message's headers: {@code x-spanwise-scope},
     * {@code traceparent} or {@code x-tracentic-scope-id}, names in any case; and the caller's
     * correlation id from {@code x-spanwise-correlation}, used unless {@link #correlationId} sets one;
     * and the trace's session id, tags and metadata (user id only with {@code propagateUserId}) from
     * {@code baggage}, set on the scope when it opens. Headers that are absent or invalid leave the
     * parent and correlation id unchanged.
     *
     * @param headers the incoming headers (single values)
     * @return this builder
     */
    public ScopeBuilder parentFromHeaders(Map<String, String> headers) {
        if (owner != null) useIncoming(IncomingParent.read(headers, owner.tracing().getPropagatesUserId()));
        return this;
    }

    /**
     * Like {@link #parentFromHeaders(Map)}, reading headers one by one: {@code request::getHeader}
     * for a servlet, {@code headers::getFirst} for Spring's {@code HttpHeaders}.
     *
     * @param headers reads a header by its lower-case name
     * @return this builder
     */
    public ScopeBuilder parentFromHeaders(HeaderReader headers) {
        if (owner != null) useIncoming(IncomingParent.read(headers, owner.tracing().getPropagatesUserId()));
        return this;
    }

    private void useIncoming(IncomingHeaders found) {
        if (found.getParentId() != null) this.parentScopeId = found.getParentId();
        String correlation = found.getCorrelationId();
        if (correlation != null && this.correlationId == null) this.correlationId = correlation; // explicit wins
        if (found.getIdentity() != null) this.identity = found.getIdentity(); // the caller's session, tags, metadata
    }

    /**
     * Sets a scope attribute; children inherit scope attributes.
     *
     * @param key the attribute name ({@code null} is ignored)
     * @param value a string, number, boolean or list of those
     * @return this builder
     */
    public ScopeBuilder attribute(@Nullable String key, @Nullable Object value) {
        if (owner != null && key != null) {
            if (attributes == null) attributes = new LinkedHashMap<>();
            attributes.put(key, value);
        }
        return this;
    }

    /**
     * Sets several scope attributes.
     *
     * @param attributes the attributes ({@code null} keys are ignored)
     * @return this builder
     */
    public ScopeBuilder attributes(@Nullable Map<String, ?> attributes) {
        if (owner != null && attributes != null) {
            for (Map.Entry<String, ?> e : attributes.entrySet()) attribute(e.getKey(), e.getValue());
        }
        return this;
    }

    /**
     * Sets what the scope stands for. Defaults: {@code AGENT} for a local root — no parent, or a
     * parent in another service (from {@link #parentScopeId} or {@link #parentFromHeaders}) — and
     * {@code CHAIN} for a child of a scope in this process.
     *
     * @param kind the kind
     * @return this builder
     */
    public ScopeBuilder kind(ScopeKind kind) {
        if (owner != null && kind != null) this.kind = kind;
        return this;
    }

    /**
     * Opens the scope and makes it the thread's current scope until it is closed.
     *
     * @return the open scope; close it (try-with-resources)
     */
    public ScopeHandle start() {
        return owner == null ? ScopeHandle.DISABLED : adopt(owner.open(this, true));
    }

    /**
     * Opens the scope without making it the thread's current scope (explicit style).
     *
     * @return the open scope; close it
     */
    public ScopeHandle begin() {
        return owner == null ? ScopeHandle.DISABLED : adopt(owner.open(this, false));
    }

    /** Gives the new scope's trace the identity read from incoming {@code baggage}, if any. */
    private ScopeHandle adopt(ScopeHandle handle) {
        if (identity != null) handle.asTraceScope().identity(identity);
        return handle;
    }

    /**
     * Runs {@code work} in the scope (current on this thread meanwhile) and closes it. An exception
     * from {@code work} is recorded (status ERROR) and rethrown as the same instance; a
     * {@code CancellationException} ends the scope CANCELLED.
     *
     * @param work the work
     * @param <T> what the work returns
     * @param <E> the checked exception the work may throw
     * @return what {@code work} returned
     * @throws E whatever {@code work} threw, unchanged
     */
    public <T, E extends Exception> T call(ScopeCallable<T, E> work) throws E {
        ScopeHandle scope = start();
        try {
            return work.call(scope);
        } catch (Throwable t) {
            scope.fail(t);
            throw t;
        } finally {
            scope.close();
        }
    }

    /**
     * Like {@link #call}, for work that returns nothing.
     *
     * @param work the work
     * @param <E> the checked exception the work may throw
     * @throws E whatever {@code work} threw, unchanged
     */
    public <E extends Exception> void run(ScopeRunnable<E> work) throws E {
        ScopeHandle scope = start();
        try {
            work.run(scope);
        } catch (Throwable t) {
            scope.fail(t);
            throw t;
        } finally {
            scope.close();
        }
    }

    String name() {
        return name;
    }

    TraceScope parent() {
        return parent;
    }

    ScopeKind kind() {
        return kind;
    }

    String correlationId() {
        return correlationId;
    }

    String parentScopeId() {
        return parentScopeId;
    }

    Map<String, Object> attributes() {
        return attributes;
    }
}
