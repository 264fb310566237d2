package dev.spanwise.tracing.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spanwise.tracing.Tracing;
import dev.spanwise.tracing.config.TracingConfig;
import dev.spanwise.tracing.export.DestinationCounts;
import dev.spanwise.tracing.export.ExportCounts;
import dev.spanwise.tracing.exporters.Exporters;
import dev.spanwise.tracing.exporters.InMemoryExporter;
import dev.spanwise.tracing.model.Attributes;
import dev.spanwise.tracing.model.SpanData;
import dev.spanwise.tracing.model.TokenUsage;
import dev.spanwise.tracing.model.UsageTotals;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * reliability matrix L4: a Java caller of the facade never meets a Kotlin type ({@code Function1},
 * {@code Unit}, {@code Continuation}, {@code Pair}, {@code EnumEntries}, {@code kotlin.time.Duration},
 * …) nor a Kotlin artefact ({@code component1}, {@code copy}, {@code Companion}, {@code INSTANCE},
 * {@code getDISABLED}) — neither in {@code dev.spanwise.tracing.interop} nor in any core type its
 * public signatures lead to, transitively.
 */
class JavaApiSurfaceTest {

    /** Violations that stay on purpose: a pattern over "where: what", and why. */
    private static final Map<Pattern, String> ALLOWED = new LinkedHashMap<>();

    static {
        allow("\\.getEntries returns: kotlin\\.enums\\.EnumEntries",
            "Kotlin generates getEntries() on every enum and it cannot be hidden; Java uses values()");
        allow("^dev\\.spanwise\\.tracing\\.Tracing extends: kotlin\\.coroutines\\..*",
            "Tracing is a coroutine-context element so Kotlin code can find it in a coroutine; Java never needs that");
        allow("^dev\\.spanwise\\.tracing\\.Tracing\\.(get|fold|minusKey|plus|getKey) .*kotlin\\.coroutines\\..*",
            "inherited CoroutineContext.Element members of Tracing (see above)");
        allow("^dev\\.spanwise\\.tracing\\.Tracing\\.fold .*kotlin\\.jvm\\.functions\\.Function2",
            "inherited CoroutineContext.Element.fold (see above)");
        allow("^dev\\.spanwise\\.tracing\\.Tracing\\$Key implements: kotlin\\.coroutines\\.CoroutineContext\\$Key",
            "the coroutine-context key of Tracing (see above)");
        allow("\\.(export|flush|shutdown) takes: kotlin\\.coroutines\\.Continuation$",
            "the SpanExporter SPI (and its implementations) is called by the export pipeline, never by users;"
                + " Java code implements JavaSpanExporter instead");
        allow("\\.Companion\\.(ingestUrl|tracesUrl|spansUrl): needs @JvmStatic",
            "members of the network exporters' `internal companion object`s: public in bytecode, internal to tracing-core");
    }

    private static void allow(String regex, String reason) {
        ALLOWED.put(Pattern.compile(regex), reason);
    }

    @Test
    void everythingReachableFromTheFacadeIsJavaClean() throws Exception {
        JavaSignatureWalker walker = new JavaSignatureWalker();
        List<Class<?>> roots = facadeClasses();
        roots.add(Exporters.class); // the facade's exporter(SpanExporter) is fed from here
        List<String> violations = walker.walk(roots).stream()
            .filter(v -> ALLOWED.keySet().stream().noneMatch(p -> p.matcher(v).find()))
            .collect(Collectors.toList());
        Set<Class<?>> reached = walker.reached();
        assertTrue(reached.size() >= 40, "walked " + reached);
        for (Class<?> core : List.of(Tracing.class, SpanData.class, Attributes.class, ExportCounts.class, DestinationCounts.class,
                UsageTotals.class, TokenUsage.class, InMemoryExporter.class, TracingConfig.class, LlmSpanRecord.Builder.class)) {
            assertTrue(reached.contains(core), core + " not reached: " + reached);
        }
        assertEquals(List.of(), violations, String.join("\n", violations));
    }

    @Test
    void theWalkFindsKotlinTypesAndArtefactsWhereThereAreSome() {
        List<String> violations = new JavaSignatureWalker().walk(List.of(KotlinShapedFixture.class));
        assertTrue(violations.stream().anyMatch(v -> v.contains("takes: kotlin.Pair")), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.contains("returns: kotlin.Unit") || v.contains("kotlin.jvm.functions.Function1")), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.contains("kotlin.coroutines.Continuation")), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.contains(".component1: Kotlin artefact name")), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.contains(".copy: Kotlin artefact name")), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.contains(".getLIMIT: Kotlin artefact name")), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.contains("Companion.create: needs @JvmStatic")), violations.toString());
        assertTrue(violations.stream().noneMatch(v -> v.contains("hidden")), "@JvmSynthetic members are invisible to Java: " + violations);
    }

    private static List<Class<?>> facadeClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(Spanwise.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve(Spanwise.class.getPackageName().replace('.', '/'));
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) { // not recursive: nested packages are not API
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList())) {
                String binary = file.getFileName().toString().replace(".class", "");
                Class<?> c = Class.forName(Spanwise.class.getPackageName() + "." + binary);
                if (Modifier.isPublic(c.getModifiers()) && c.getEnclosingClass() == null) classes.add(c);
            }
        }
        assertTrue(classes.size() >= 15, "facade " + classes);
        return classes;
    }
}
