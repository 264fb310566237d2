package dev.spanwise.tracing.interop;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Captures what SLF4J writes while it is open. The tests use slf4j-simple, which writes every line to
 * the {@code System.err} of the moment; the captured text is also passed on to the real stream.
 */
final class LogCapture implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    LogCapture() {
        System.setErr(new PrintStream(new Tee(buffer, original), true, StandardCharsets.UTF_8));
    }

    /** @return every captured line that contains {@code " WARN "} */
    List<String> warnings() {
        List<String> out = new ArrayList<>();
        for (String line : text().split("\n")) if (line.contains(" WARN ")) out.add(line);
        return out;
    }

    String text() {
        synchronized (buffer) {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setErr(original);
    }

    private static final class Tee extends OutputStream {
        private final ByteArrayOutputStream copy;
        private final OutputStream target;

        Tee(ByteArrayOutputStream copy, OutputStream target) {
            this.copy = copy;
            this.target = target;
        }

        @Override
        public void write(int b) {
            synchronized (copy) {
                copy.write(b);
            }
            try {
                target.write(b);
            } catch (java.io.IOException ignored) {
                // the copy is what the test reads
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (copy) {
                copy.write(b, off, len);
            }
            try {
                target.write(b, off, len);
            } catch (java.io.IOException ignored) {
                // the copy is what the test reads
            }
        }
    }
}
