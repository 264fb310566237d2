package dev.spanwise.tracing.interop;

import dev.spanwise.tracing.CurrentThreadScope;
import dev.spanwise.tracing.TraceScope;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

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

    static Executor wrap(Executor executor) {
        if (executor == null || executor instanceof ScopedExecutor || executor instanceof ScopedExecutorService) return executor;
        if (executor instanceof ExecutorService) return wrap((ExecutorService) executor);
        return new ScopedExecutor(executor);
    }

    static ExecutorService wrap(ExecutorService executor) {
        if (executor == null || executor instanceof ScopedExecutorService) return executor;
        return new ScopedExecutorService(executor);
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
    private static final class ScopedExecutorService extends AbstractExecutorService {
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
}
