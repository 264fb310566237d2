package dev.spanwise.tracing.openai.internal

import java.lang.reflect.Method

/**
 * A service with traced calls (`create`, `createStreaming`): a call whose first argument is a
 * request [recipe] understands goes through [tracer]; `withOptions` keeps the service traced;
 * everything else passes through untouched.
 */
internal class CallHandler(target: Any, private val tracer: CallTracer, private val recipe: CallRecipe) : DelegatingHandler(target) {
    override fun handle(method: Method, args: Array<out Any?>): Any? {
        when (method.name) {
            "create", "createStreaming" -> {
                val params = args.firstOrNull()?.let { Guard.valueOf { recipe.params(it) } }
                    ?: return forward(method, args)
                return tracer.call(recipe, params, method.name == "createStreaming") { forward(method, args) }
            }
            "withOptions" -> {
                val result = forward(method, args) ?: return null
                if (!method.returnType.isInterface) return result
                return try {
                    proxy(method.returnType, CallHandler(result, tracer, recipe))
                } catch (t: Throwable) {
                    Guard.failed("wrapping withOptions()", t)
                    result
                }
            }
            else -> return forward(method, args)
        }
    }
}
