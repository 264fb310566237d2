package dev.spanwise.tracing.spring.annotation;

import dev.spanwise.tracing.interop.ScopeHandle;
import dev.spanwise.tracing.model.SpanStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/** Ends a {@link Traced} scope with a {@code Mono} or {@code Flux}; loaded only when Reactor is present. */
final class ReactorEnding {
    private ReactorEnding() {}

    static boolean handles(Object value) {
        return value instanceof Mono || value instanceof Flux;
    }

    static Object endWith(Object publisher, ScopeHandle scope, boolean captureResult) {
        if (publisher instanceof Mono<?> mono) {
            Mono<?> m = captureResult ? mono.doOnNext(v -> scope.output(String.valueOf(v))) : mono;
            return m.doOnError(scope::recordError).doFinally(signal -> end(scope, signal));
        }
        Flux<?> flux = (Flux<?>) publisher;
        return flux.doOnError(scope::recordError).doFinally(signal -> end(scope, signal));
    }

    private static void end(ScopeHandle scope, SignalType signal) {
        if (signal == SignalType.ON_ERROR) scope.end(SpanStatus.ERROR);
        else if (signal == SignalType.CANCEL) scope.end(SpanStatus.CANCELLED);
        else scope.end(SpanStatus.OK);
    }
}
