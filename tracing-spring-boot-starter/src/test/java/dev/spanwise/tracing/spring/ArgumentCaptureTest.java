package dev.spanwise.tracing.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.spanwise.tracing.exporters.Exporters;
import dev.spanwise.tracing.exporters.InMemoryExporter;
import dev.spanwise.tracing.interop.Spanwise;
import dev.spanwise.tracing.spring.annotation.Traced;
import dev.spanwise.tracing.spring.annotation.TracedAspect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.aspectj.annotation.AspectJProxyFactory;

/** Argument and result capture through the real aspect on a proxied object. */
class ArgumentCaptureTest {
    private final InMemoryExporter spans = Exporters.inMemory();
    private final Spanwise sw = Spanwise.builder().exporter(spans).captureContent(true).registerShutdownHook(false).build();

    @AfterEach
    void close() {
        sw.close();
    }

    public static class Tools {
        @Traced(captureArgs = "*", skipArgs = "apiKey", captureResult = true)
        public String search(String query, int limit, String apiKey) {
            return "found \"" + query + "\"";
        }

        @Traced(captureArgs = {"query", "limit"})
        public String plain(String query, int limit) {
            return query;
        }

        @Traced
        public String nothing(String query) {
            return query;
        }
    }

    private Tools proxy() {
        AspectJProxyFactory factory = new AspectJProxyFactory(new Tools());
        factory.setProxyTargetClass(true);
        factory.addAspect(new TracedAspect(sw));
        return factory.getProxy();
    }

    @Test
    void severalArgumentsAreJsonObjectOfTextsWithoutSkipped() {
        proxy().search("a \"b\"\n", 3, "sk-secret");
        sw.flush().join();
        assertEquals("{\"query\":\"a \\\"b\\\"\\n\",\"limit\":\"3\"}", spans.single("search").getInput());
        assertEquals("found \"a \"b\"\n\"", spans.single("search").getOutput());
        proxy().plain("q", 1);
        proxy().nothing("q");
        sw.flush().join();
        assertEquals("{\"query\":\"q\",\"limit\":\"1\"}", spans.single("plain").getInput());
        assertNull(spans.single("nothing").getInput());
        assertNull(spans.single("nothing").getOutput());
    }

    @Test
    void contentIsNotKeptWithCaptureOff() {
        InMemoryExporter off = Exporters.inMemory();
        try (Spanwise quiet = Spanwise.builder().exporter(off).registerShutdownHook(false).build()) {
            AspectJProxyFactory factory = new AspectJProxyFactory(new Tools());
            factory.setProxyTargetClass(true);
            factory.addAspect(new TracedAspect(quiet));
            Tools tools = factory.getProxy();
            tools.search("private question", 1, "k");
            quiet.flush().join();
            assertNull(off.single("search").getInput());
            assertNull(off.single("search").getOutput());
        }
    }
}
