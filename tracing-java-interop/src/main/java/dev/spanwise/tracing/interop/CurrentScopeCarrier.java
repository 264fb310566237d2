package dev.spanwise.tracing.interop;

import dev.spanwise.tracing.scope.CurrentThreadScope;
import dev.spanwise.tracing.scope.TraceScope;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Carries the thread's current scope ({@link CurrentThreadScope}) to the thread that runs a task:
 * captured when the task is wrapped or submitted, current while it runs, the worker's previous
 * value restored afterwards. A task submitted with no current scope runs with none.
 */
final class CurrentScopeCarrier {
    private CurrentScopeCarrier() {
    }

    static Runnable wrap(Runnable task) {
        if (task == null || task instanceof ScopedRunnable) return task;
        return new ScopedRunnable(CurrentThreadScope.get(), task);
    }

    static <T> Callable<T> wrap(Callable<T> task) {
        if (task == null || task instanceof ScopedCallable) return task;
        return new ScopedCallable<>(CurrentThreadScope.get(), task);
    }

    static <T> Supplier<T> wrapSupplier(Supplier<T> task) {
        if (task == null || task instanceof ScopedSupplier) return task;
        return new ScopedSupplier<>(CurrentThreadScope.get(), task);
    }

    static <T, R> Function<T, R> wrapFunction(Function<T, R> task) {
        if (task == null || task instanceof ScopedFunction) return task;
        return new ScopedFunction<>(CurrentThreadScope.get(), task);
    }

    static Executor wrap(Executor executor) {
        if (executor == null || executor instanceof ScopedExecutor || executor instanceof ScopedExecutorService) return executor;
        if (executor instanceof ScheduledExecutorService) return wrap((ScheduledExecutorService) executor);
        if (executor instanceof ExecutorService) return wrap((ExecutorService) executor);
        return new ScopedExecutor(executor);
    }

    static ExecutorService wrap(ExecutorService executor) {
        if (executor == null || executor instanceof ScopedExecutorService) return executor;
        if (executor instanceof ScheduledExecutorService) return wrap((ScheduledExecutorService) executor);
        return new ScopedExecutorService(executor);
    }

    static ScheduledExecutorService wrap(ScheduledExecutorService executor) {
        if (executor == null || executor instanceof ScopedScheduledExecutorService) return executor;
        return new ScopedScheduledExecutorService(executor);
    }

    /** An executor that runs every task with the scope current now, whenever and wherever it is submitted. */
    static Executor bindCurrent(Executor executor) {
        return executor == null ? null : new BoundExecutor(CurrentThreadScope.get(), executor);
    }

    private static final class ScopedSupplier<T> implements Supplier<T> {
        private final TraceScope scope;
        private final Supplier<T> task;

        ScopedSupplier(TraceScope scope, Supplier<T> task) {
            this.scope = scope;
            this.task = task;
        }

        @Override
        public T get() {
            TraceScope previous = CurrentThreadScope.enter(scope);
            try {
                return task.get();
            } finally {
                CurrentThreadScope.restore(previous);
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    private static final class ScopedFunction<T, R> implements Function<T, R> {
        private final TraceScope scope;
        private final Function<T, R> task;

        ScopedFunction(TraceScope scope, Function<T, R> task) {
            this.scope = scope;
            this.task = task;
        }

        @Override
        public R apply(T t) {
            TraceScope previous = CurrentThreadScope.enter(scope);
            try {
                return task.apply(t);
            } finally {
                CurrentThreadScope.restore(previous);
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    private static final class BoundExecutor implements Executor {
        private final TraceScope scope;
        private final Executor delegate;

        BoundExecutor(TraceScope scope, Executor delegate) {
            this.scope = scope;
            this.delegate = delegate;
        }

        @Override
        public void execute(Runnable command) {
            delegate.execute(command == null ? null : new ScopedRunnable(scope, command));
        }

        @Override
        public String toString() {
            return "Spanwise(" + delegate + " in " + scope + ")";
        }
    }

    private static final class ScopedRunnable implements Runnable {
        private final TraceScope scope;
        private final Runnable task;

        ScopedRunnable(TraceScope scope, Runnable task) {
            this.scope = scope;
            this.task = task;
        }

        @Override
        public void run() {
            TraceScope previous = CurrentThreadScope.enter(scope);
            try {
                task.run();
            } finally {
                CurrentThreadScope.restore(previous);
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    private static final class ScopedCallable<T> implements Callable<T> {
        private final TraceScope scope;
        private final Callable<T> task;

        ScopedCallable(TraceScope scope, Callable<T> task) {
            this.scope = scope;
            this.task = task;
        }

        @Override
        public T call() throws Exception {
            TraceScope previous = CurrentThreadScope.enter(scope);
            try {
                return task.call();
            } finally {
                CurrentThreadScope.restore(previous);
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    private static final class ScopedExecutor implements Executor {
        private final Executor delegate;

        ScopedExecutor(Executor delegate) {
            this.delegate = delegate;
        }

        @Override
        public void execute(Runnable command) {
            delegate.execute(wrap(command));
        }

        @Override
        public String toString() {
            return "Spanwise(" + delegate + ")";
        }
    }

    /** Every submission path of {@link AbstractExecutorService} ends in {@link #execute}, where the scope is captured. */
    private static class ScopedExecutorService extends AbstractExecutorService {
        private final ExecutorService delegate;

        ScopedExecutorService(ExecutorService delegate) {
            this.delegate = delegate;
        }

        @Override
        public void execute(Runnable command) {
            delegate.execute(wrap(command));
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return delegate.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return delegate.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return delegate.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.awaitTermination(timeout, unit);
        }

        @Override
        public String toString() {
            return "Spanwise(" + delegate + ")";
        }
    }

    /** Scheduling methods wrap the task when it is scheduled; each run of a periodic task gets that scope. */
    private static final class ScopedScheduledExecutorService extends ScopedExecutorService implements ScheduledExecutorService {
        private final ScheduledExecutorService delegate;

        ScopedScheduledExecutorService(ScheduledExecutorService delegate) {
            super(delegate);
            this.delegate = delegate;
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            return delegate.schedule(wrap(command), delay, unit);
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            return delegate.schedule(wrap(callable), delay, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            return delegate.scheduleAtFixedRate(wrap(command), initialDelay, period, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
            return delegate.scheduleWithFixedDelay(wrap(command), initialDelay, delay, unit);
        }
    }
}
