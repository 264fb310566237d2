package dev.spanwise.tracing.interop;

import java.lang.reflect.Field;
import java.lang.reflect.Executable;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Walks what a Java caller can see from a set of classes: supertypes, public fields, constructors and
 * methods, their generic arguments, bounds and exceptions, and public nested classes. Every
 * {@code dev.spanwise} class met on the way is walked too. Members a Java compiler cannot call
 * (synthetic ones, Kotlin's mangled {@code name-hash} methods) and Kotlin {@code internal} ones
 * ({@code name$module}) are skipped, and so are {@code .internal} packages: they are not API, and
 * the public types that still mention them say so in their documentation.
 *
 * <p>A violation is a signature mentioning a {@code kotlin.*} or {@code kotlinx.*} type, or a public
 * Kotlin artefact: {@code componentN}, {@code copy}, a {@code getCONSTANT} getter, or a
 * {@code Companion}/{@code INSTANCE} member that a Java caller would have to go through because the
 * same call is not also available statically.
 */
final class JavaSignatureWalker {
    private static final String OUR_PACKAGES = "dev.spanwise.";
    private static final Pattern KOTLIN_ARTEFACT = Pattern.compile("component\\d+|copy|get[A-Z][A-Z0-9_]*[A-Z0-9]");

    private final Set<Class<?>> seen = new LinkedHashSet<>();
    private final Deque<Class<?>> queue = new ArrayDeque<>();
    private final List<String> violations = new ArrayList<>();

    /** @return the violations found from {@code roots}, as "where: what" lines */
    List<String> walk(List<Class<?>> roots) {
        roots.forEach(this::enqueue);
        while (!queue.isEmpty()) visit(queue.poll());
        return violations;
    }

    /** @return every {@code dev.spanwise} class reached by the last {@link #walk} */
    Set<Class<?>> reached() {
        return seen;
    }

    private void enqueue(Class<?> c) {
        while (c.isArray()) c = c.getComponentType();
        if (c.getName().startsWith(OUR_PACKAGES) && !c.getPackageName().contains(".internal") && isJavaVisible(c) && seen.add(c)) {
            queue.add(c);
        }
    }

    private static boolean isJavaVisible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isSynthetic()) return false;
        }
        return true;
    }

    private void visit(Class<?> type) {
        String where = type.getName();
        check(type.getGenericSuperclass(), where + " extends");
        for (Type t : type.getGenericInterfaces()) check(t, where + " implements");
        for (Class<?> nested : type.getClasses()) enqueue(nested);
        for (Field f : type.getFields()) {
            if (f.isSynthetic() || isKotlinOnlyName(f.getName())) continue;
            if (f.getName().equals("Companion") || f.getName().equals("INSTANCE")) {
                singletonNeeded(type, f);
                continue;
            }
            check(f.getGenericType(), where + "." + f.getName());
        }
        for (Executable c : type.getConstructors()) members(c, where + ".<init>");
        for (Method m : type.getMethods()) {
            if (m.getDeclaringClass() == Object.class || m.isSynthetic() || m.isBridge() || isKotlinOnlyName(m.getName())) continue;
            String sig = where + "." + m.getName();
            if (KOTLIN_ARTEFACT.matcher(m.getName()).matches()) violations.add(sig + ": Kotlin artefact name");
            check(m.getGenericReturnType(), sig + " returns");
            members(m, sig);
        }
    }

    private void members(Executable e, String sig) {
        if (e.isSynthetic()) return;
        for (Type t : e.getGenericParameterTypes()) check(t, sig + " takes");
        for (Type t : e.getGenericExceptionTypes()) check(t, sig + " throws");
        for (TypeVariable<?> v : e.getTypeParameters()) {
            for (Type b : v.getBounds()) check(b, sig + " <" + v.getName() + ">");
        }
    }

    /** A Companion/INSTANCE field is fine only when every call through it also exists as a static one. */
    private void singletonNeeded(Class<?> owner, Field field) {
        Class<?> singleton = field.getType();
        for (Method m : singleton.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers()) || m.isSynthetic() || isKotlinOnlyName(m.getName())) continue;
            if (isInheritedFromOutside(m)) continue;
            if (!hasStatic(owner, m)) {
                violations.add(owner.getName() + "." + field.getName() + "." + m.getName() + ": needs @JvmStatic/@JvmField (Java would go through " + field.getName() + ")");
            }
        }
    }

    /**
     * Kotlin's mangled names ({@code flush-LRDsOJo}, for {@code kotlin.time.Duration} and other value
     * classes) cannot be written in Java; {@code name$module} is a Kotlin {@code internal} member.
     */
    private static boolean isKotlinOnlyName(String name) {
        return name.contains("-") || name.contains("$");
    }

    private static boolean isInheritedFromOutside(Method m) {
        for (Class<?> i : m.getDeclaringClass().getInterfaces()) {
            try {
                i.getMethod(m.getName(), m.getParameterTypes());
                return true; // e.g. CoroutineContext.Key: implements a Kotlin interface on purpose
            } catch (NoSuchMethodException ignored) {
                // not from this interface
            }
        }
        return m.getName().equals("toString") || m.getName().equals("hashCode") || m.getName().equals("equals");
    }

    private static boolean hasStatic(Class<?> owner, Method m) {
        return Arrays.stream(owner.getMethods()).anyMatch(s -> Modifier.isStatic(s.getModifiers())
            && s.getName().equals(m.getName()) && Arrays.equals(s.getParameterTypes(), m.getParameterTypes()));
    }

    private void check(Type t, String where) {
        forEachClass(t, c -> {
            if (c.getName().startsWith("kotlin.") || c.getName().startsWith("kotlinx.")) violations.add(where + ": " + c.getName());
            else enqueue(c);
        });
    }

    private static void forEachClass(Type t, Consumer<Class<?>> action) {
        if (t == null) return;
        if (t instanceof Class) {
            Class<?> c = (Class<?>) t;
            while (c.isArray()) c = c.getComponentType();
            action.accept(c);
        } else if (t instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) t;
            forEachClass(p.getRawType(), action);
            for (Type a : p.getActualTypeArguments()) forEachClass(a, action);
        } else if (t instanceof WildcardType) {
            for (Type b : ((WildcardType) t).getUpperBounds()) forEachClass(b, action);
            for (Type b : ((WildcardType) t).getLowerBounds()) forEachClass(b, action);
        } else if (t instanceof GenericArrayType) {
            forEachClass(((GenericArrayType) t).getGenericComponentType(), action);
        }
    }
}
