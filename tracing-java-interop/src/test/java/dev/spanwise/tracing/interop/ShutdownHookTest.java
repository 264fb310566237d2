package dev.spanwise.tracing.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real JVM exit: {@link ShutdownHookMain} in a child process. reliability matrix L2 (shutdown from a
 * shutdown-hook thread) and E7 (no hang on exit; with the hook, every span delivered).
 */
class ShutdownHookTest {

    @Test
    void builtInShutdownHookDeliversEverythingOnExit() throws Exception {
        Run run = run("builtin");
        assertEquals(0, run.exitCode);
        assertTrue(run.output.contains("job-0") && run.output.contains("job-99"), run.output);
        assertTrue(run.output.contains("call-99"), run.output);
        assertTrue(run.millisAfterMain < 4_000, "exited " + run.millisAfterMain + " ms after main");
    }

    @Test
    void shutdownCalledFromTheProgramsOwnHookThreadCompletes() throws Exception {
        Run run = run("manual");
        assertEquals(0, run.exitCode);
        assertTrue(run.output.contains("hook-result exported=200 pending=0"), run.output);
        assertTrue(run.output.contains("job-99"), run.output);
    }

    @Test
    void withoutAHookTheJvmExitsPromptlyAndNothingIsPrinted() throws Exception {
        Run run = run("none");
        assertEquals(0, run.exitCode);
        assertFalse(run.output.contains("job-0"), "SDK threads are daemons: nothing ran after main");
        assertTrue(run.millisAfterMain < 1_500, "exited " + run.millisAfterMain + " ms after main");
    }

    private static final class Run {
        final int exitCode;
        final String output;
        final long millisAfterMain;

        Run(int exitCode, String output, long millisAfterMain) {
            this.exitCode = exitCode;
            this.output = output;
            this.millisAfterMain = millisAfterMain;
        }
    }

    private static Run run(String mode) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-cp", classpath,
            ShutdownHookMain.class.getName(), mode));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        long mainReturned = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.append(line).append('\n');
                if (line.equals("main-returns")) mainReturned = System.nanoTime();
            }
        }
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "child JVM did not exit");
        long after = (System.nanoTime() - mainReturned) / 1_000_000;
        assertTrue(mainReturned != 0, "main never returned: " + out);
        return new Run(process.exitValue(), out.toString(), after);
    }
}
