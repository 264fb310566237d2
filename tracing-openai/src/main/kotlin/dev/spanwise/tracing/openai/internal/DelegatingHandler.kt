package dev.spanwise.tracing.openai.internal

import java.lang.reflect.InvocationHandler
import java.lang.reflect.InvocationTargetException
import java.lang.reflect.Method
import java.lang.reflect.Proxy

/**
 * A `java.lang.reflect.Proxy` handler that forwards every call to [target] unless [handle] decides
 * otherwise. The SDK's own exception reaches the caller as the same instance (never wrapped in an
 * `InvocationTargetException`). `equals`/`hashCode` are the proxy's identity; `toString` is the target's.
 */
internal abstract class DelegatingHandler(val target: Any) : InvocationHandler {
    final override fun invoke(proxy: Any, method: Method, args: Array<out Any?>?): Any? {
        val arguments = args ?: NO_ARGS
        if (method.declaringClass == Any::class.java) {
            return when (method.name) {
                "equals" -> proxy === arguments[0]
                "hashCode" -> System.identityHashCode(proxy)
                else -> forward(method, arguments)
            }
        }
        return handle(method, arguments)
    }

    /** What the proxy does for [method]; [forward] it to leave the call untouched. */
    protected abstract fun handle(method: Method, args: Array<out Any?>): Any?

    /** Calls [method] on [target], rethrowing what it throws as is. */
    fun forward(method: Method, args: Array<out Any?>): Any? = try {
        method.invoke(target, *args)
    } catch (e: InvocationTargetException) {
        throw e.targetException
    }

    companion object {
        private val NO_ARGS = arrayOf<Any?>()

        /** A proxy implementing [type] through [handler]. */
        fun <T> proxy(type: Class<T>, handler: DelegatingHandler): T =
            type.cast(Proxy.newProxyInstance(type.classLoader, arrayOf(type), handler))

        /** Whether [instance] is already a Spanwise proxy. */
        fun isProxy(instance: Any): Boolean =
            Proxy.isProxyClass(instance.javaClass) && Proxy.getInvocationHandler(instance) is DelegatingHandler
    }
}
