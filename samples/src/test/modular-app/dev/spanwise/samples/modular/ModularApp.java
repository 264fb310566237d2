package dev.spanwise.samples.modular;

import dev.spanwise.tracing.interop.Spanwise;
import dev.spanwise.tracing.ktor.ServerTracingKt;
import dev.spanwise.tracing.model.SpanData;
import dev.spanwise.tracing.test.TraceCapture;

/**
 * Records one span through the Java facade into an in-memory capture and prints it; touches the
 * Ktor plugin so that module is loaded too. Exits with status 1 when the span is missing.
 */
public final class ModularApp {
    private ModularApp() {
    }

    /**
     * Runs the app.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println("ktor plugin: " + ServerTracingKt.getServerTracing().getKey().getName());
        try (TraceCapture capture = new TraceCapture()) {
            Spanwise spanwise = Spanwise.of(capture.tracing());
            String answer = spanwise.traced("modular-agent", scope -> "42");
            capture.flush();
            SpanData span = capture.span("modular-agent");
            System.out.println("recorded span: " + span.getName() + " kind=" + span.getKind()
                + " status=" + span.getStatus() + " trace=" + span.getTraceIdHex() + " answer=" + answer);
            System.out.println("module: " + Spanwise.class.getModule().getName()
                + " requires " + Spanwise.class.getModule().getDescriptor().requires());
        }
    }
}
