package dev.spanwise.tracing.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spanwise.tracing.Tracing;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * reliability matrix L4: no Kotlin type ({@code Function1}, {@code Unit}, {@code Continuation},
 * {@code kotlin.time.Duration}, {@code Result}, …) appears anywhere in the public API of
 * {@code dev.spanwise.tracing.interop}: supertypes, fields, constructors, methods, generic
 * arguments, bounds and declared exceptions.
 */
class JavaApiSurfaceTest {

    @Test
    void publicApiHasNoKotlinTypes() throws Exception {
        List<Class<?>> api = publicApiClasses();
        assertTrue(api.size() >= 15, "walked " + api);
        assertTrue(api.contains(Spanwise.class) && api.contains(LlmSpanRecord.Builder.class), "walked " + api);
        List<String> violations = new ArrayList<>();
        for (Class<?> type : api) walk(type, violations);
        assertEquals(List.of(), violations);
    }

    @Test
    void theWalkDoesFindKotlinTypesWhereThereAreSome() {
        List<String> violations = new ArrayList<>();
        walk(Tracing.class, violations); // core's Kotlin API: suspend flush(Duration, Continuation)
        assertFalse(violations.isEmpty());
        assertTrue(violations.stream().anyMatch(v -> v.contains("kotlin.coroutines.Continuation")), violations.toString());
    }

    private static List<Class<?>> publicApiClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(Spanwise.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve(Spanwise.class.getPackageName().replace('.', '/'));
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) { // not recursive: ".internal" is not API
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList())) {
                String simple = file.getFileName().toString().replace(".class", "");
                Class<?> c = Class.forName(Spanwise.class.getPackageName() + "." + simple.replace('$', '.').replaceFirst("\\.", "\\$"));
                if (isPublicApi(c)) classes.add(c);
            }
        }
        return classes;
    }

    private static boolean isPublicApi(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isSynthetic()) return false;
        }
        return true;
    }

    private static void walk(Class<?> type, List<String> violations) {
        String where = type.getName();
        check(type.getGenericSuperclass(), where + " extends", violations);
        for (Type t : type.getGenericInterfaces()) check(t, where + " implements", violations);
        for (Field f : type.getFields()) check(f.getGenericType(), where + "." + f.getName(), violations);
        for (Constructor<?> c : type.getConstructors()) {
            for (Type t : c.getGenericParameterTypes()) check(t, where + ".<init>", violations);
        }
        for (Method m : type.getMethods()) {
            if (m.getDeclaringClass() == Object.class) continue;
            String sig = where + "." + m.getName();
            check(m.getGenericReturnType(), sig + " returns", violations);
            for (Type t : m.getGenericParameterTypes()) check(t, sig + " takes", violations);
            for (Type t : m.getGenericExceptionTypes()) check(t, sig + " throws", violations);
            for (TypeVariable<Method> v : m.getTypeParameters()) {
                for (Type b : v.getBounds()) check(b, sig + " <" + v.getName() + ">", violations);
            }
        }
    }

    private static void check(Type t, String where, List<String> violations) {
        if (t == null) return;
        if (t instanceof Class) {
            Class<?> c = (Class<?>) t;
            while (c.isArray()) c = c.getComponentType();
            if (c.getName().startsWith("kotlin.") || c.getName().startsWith("kotlinx.")) violations.add(where + ": " + c.getName());
        } else if (t instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) t;
            check(p.getRawType(), where, violations);
            for (Type a : p.getActualTypeArguments()) check(a, where, violations);
        } else if (t instanceof WildcardType) {
            for (Type b : ((WildcardType) t).getUpperBounds()) check(b, where, violations);
            for (Type b : ((WildcardType) t).getLowerBounds()) check(b, where, violations);
        } else if (t instanceof GenericArrayType) {
            check(((GenericArrayType) t).getGenericComponentType(), where, violations);
        }
    }
}
