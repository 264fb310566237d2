package dev.spanwise.tracing.spring.annotation;

import dev.spanwise.tracing.model.ScopeKind;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records each call of a Spring bean's method as a scope: a child of the thread's current scope
 * (the request's {@code SERVER} scope, an outer {@code @Traced} method), current itself while the
 * method runs, so that scopes and LLM calls started inside become its children.
 *
 * <pre>{@code
 * @Traced(kind = ScopeKind.TOOL, captureArgs = "city", captureResult = true)
 * public Weather weather(String city) { ... }
 * }</pre>
 *
 * <ul>
 *   <li>An exception is recorded (status {@code ERROR}) and the same instance is rethrown.</li>
 *   <li>A method returning {@code CompletableFuture} (or {@code CompletionStage}) ends its scope
 *       when the future completes; a {@code Mono} or {@code Flux} (when Reactor is on the class
 *       path) when it completes, fails or is cancelled.</li>
 *   <li>Captured arguments and results become the scope's input and output: they follow the
 *       content rules (kept only with {@code spanwise.capture-content=true}, masked and bounded).</li>
 * </ul>
 *
 * Spring AOP proxies apply: only calls through the bean (not {@code this.method()} from inside
 * it) are recorded, and only on public methods. On a class, every public method is traced.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Traced {
    /**
     * The scope's name.
     *
     * @return the name; empty (the default) uses the method's name
     */
    String name() default "";

    /**
     * What the scope stands for, at most one value, e.g. {@code kind = ScopeKind.TOOL}.
     *
     * @return the kind; empty (the default) means {@code AGENT} for a local root, {@code CHAIN} below another scope
     */
    ScopeKind[] kind() default {};

    /**
     * Arguments recorded as the scope's input, by parameter name ({@code "*"}: all of them).
     * Parameter names need the {@code -parameters} compiler flag (on in Spring Boot's build
     * plugins); otherwise they are {@code arg0}, {@code arg1}, … One argument is recorded as its
     * text; several as a JSON object of texts.
     *
     * @return parameter names; empty (the default) records none
     */
    String[] captureArgs() default {};

    /**
     * Arguments never recorded, by parameter name, even when {@link #captureArgs()} is {@code "*"}.
     *
     * @return parameter names
     */
    String[] skipArgs() default {};

    /**
     * Whether the return value (the future's or {@code Mono}'s value) is recorded as the scope's
     * output, as its text.
     *
     * @return {@code true} to record it
     */
    boolean captureResult() default false;
}
