package dev.spanwise.tracing.spring.annotation;

import dev.spanwise.tracing.interop.ScopeBuilder;
import dev.spanwise.tracing.interop.ScopeHandle;
import dev.spanwise.tracing.interop.Spanwise;
import dev.spanwise.tracing.model.SpanStatus;
import dev.spanwise.tracing.spring.internal.CurrentScope;
import java.lang.reflect.Method;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * The Spring AOP aspect behind {@link Traced}: opens the scope, makes it current (and puts its ids
 * in the MDC) while the method runs, and ends it when the method returns or throws — or, for a
 * {@code CompletionStage}, {@code Mono} or {@code Flux}, when that completes. Failures inside
 * Spanwise never reach the method's caller.
 */
@Aspect
public class TracedAspect implements Ordered {
    private static final Logger log = LoggerFactory.getLogger(TracedAspect.class);
    private static final boolean REACTOR = ClassUtils.isPresent("reactor.core.publisher.Mono", TracedAspect.class.getClassLoader());

    private final Spanwise spanwise;

    /** @param spanwise where the scopes are recorded */
    public TracedAspect(Spanwise spanwise) {
        this.spanwise = spanwise;
    }

    /**
     * Traces one call of a {@link Traced} method, or of a public method of a {@link Traced} class.
     *
     * @param call the intercepted call
     * @return what the method returned (a wrapped {@code Mono}/{@code Flux} for reactive methods)
     * @throws Throwable exactly what the method threw
     */
    @Around("@annotation(dev.spanwise.tracing.spring.annotation.Traced) || @within(dev.spanwise.tracing.spring.annotation.Traced)")
    public Object trace(ProceedingJoinPoint call) throws Throwable {
        if (!spanwise.isEnabled()) return call.proceed();
        Traced traced;
        ScopeHandle scope;
        try {
            Method method = method(call);
            traced = annotation(method);
            if (traced == null) return call.proceed();
            scope = open(traced, method, call.getArgs());
        } catch (RuntimeException e) {
            log.warn("Spanwise: @Traced setup failed: {}", e.getClass().getName());
            return call.proceed();
        }
        Object result;
        try (CurrentScope ignored = CurrentScope.attach(scope)) {
            result = call.proceed();
        } catch (Throwable e) {
            scope.fail(e); // records it and ends the scope; the same instance is rethrown
            throw e;
        }
        return finish(result, scope, traced.captureResult());
    }

    private ScopeHandle open(Traced traced, Method method, Object[] args) {
        String name = traced.name().isBlank() ? method.getName() : traced.name();
        ScopeBuilder builder = spanwise.scope(name);
        if (traced.kind().length > 0) builder.kind(traced.kind()[0]);
        ScopeHandle scope = builder.begin();
        String input = ArgumentCapture.render(traced, method, args);
        if (input != null) scope.input(input);
        return scope;
    }

    private static Object finish(Object result, ScopeHandle scope, boolean captureResult) {
        if (result instanceof CompletionStage<?> stage) {
            stage.whenComplete((value, error) -> {
                if (error != null) {
                    scope.fail(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                } else {
                    if (captureResult && value != null) scope.output(String.valueOf(value));
                    scope.end(SpanStatus.OK);
                }
            });
            return result;
        }
        if (REACTOR && ReactorEnding.handles(result)) return ReactorEnding.endWith(result, scope, captureResult);
        if (captureResult && result != null) scope.output(String.valueOf(result));
        scope.end(SpanStatus.OK);
        return result;
    }

    private static Method method(ProceedingJoinPoint call) {
        Method method = ((MethodSignature) call.getSignature()).getMethod();
        Object target = call.getTarget();
        return target == null ? method : AopUtils.getMostSpecificMethod(method, target.getClass());
    }

    private static Traced annotation(Method method) {
        Traced onMethod = AnnotatedElementUtils.findMergedAnnotation(method, Traced.class);
        return onMethod != null ? onMethod : AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), Traced.class);
    }

    /** @return just inside Spring's transaction advice, so a scope covers its method's transaction */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }
}
