package dev.spanwise.tracing.model

/**
 * Marks the receivers of the tracing DSL so that, inside `llm("call") { … }`, a bare `attribute(…)`
 * always refers to the innermost span and never silently lands on an enclosing scope.
 */
@DslMarker
@Target(AnnotationTarget.CLASS, AnnotationTarget.TYPE)
public annotation class TracingDsl

/**
 * Marks declarations that are public only so that Spanwise's own modules can share them.
 * They may change or disappear in any release.
 */
@RequiresOptIn(
    message = "This is an internal Spanwise API shared between its modules; it may change without notice.",
    level = RequiresOptIn.Level.ERROR,
)
@Retention(AnnotationRetention.BINARY)
@Target(AnnotationTarget.CLASS, AnnotationTarget.FUNCTION, AnnotationTarget.PROPERTY, AnnotationTarget.CONSTRUCTOR)
public annotation class InternalTracingApi

/** Marks APIs whose shape may still change in a minor release. */
@RequiresOptIn(level = RequiresOptIn.Level.WARNING)
@Retention(AnnotationRetention.BINARY)
@Target(AnnotationTarget.CLASS, AnnotationTarget.FUNCTION, AnnotationTarget.PROPERTY)
public annotation class ExperimentalTracingApi
