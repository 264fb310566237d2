package dev.spanwise.tracing.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.spanwise.tracing.model.AgentArtifact;
import dev.spanwise.tracing.model.AgentArtifact.FileOperation.Kind;
import dev.spanwise.tracing.model.SpanData;
import dev.spanwise.tracing.model.SpanEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Agent artifacts from Java: the static factories, the public constructors and {@code ScopeHandle.artifact}. */
class AgentArtifactTest {
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private static List<AgentArtifact> artifacts(SpanData span) {
        return span.getEvents().stream().map(AgentArtifact::fromEvent).collect(Collectors.toList());
    }

    @Test
    void scopeHandleRecordsEveryKindAsATypedEvent() {
        try (Fixture f = new Fixture(Spanwise.builder().captureContent(true))) {
            try (ScopeHandle agent = f.sw.scope("coder").start()) {
                assertSame(agent, agent.artifact(AgentArtifact.checkpoint("before-refactor", "clean tree", List.of("a.kt", "b.kt"))));
                agent.artifact(AgentArtifact.fileOperation(Kind.UPDATE, "src/App.java", "int x = 1;", "int x = 2;"))
                    .artifact(AgentArtifact.terminalCommand("mvn test", 1, "Tests run: 3, Failures: 1", null))
                    .artifact(new AgentArtifact.GitLink(COMMIT, "main", "https://bot:t0ken@github.com/acme/app.git"))
                    .artifact(new AgentArtifact.TerminalCommand("ls"))
                    .artifact(null);
            }
            SpanData span = f.span("coder");
            List<String> names = span.getEvents().stream().map(SpanEvent::getName).collect(Collectors.toList());
            assertEquals(List.of("spanwise.checkpoint", "spanwise.file_operation", "spanwise.terminal_command", "spanwise.git",
                "spanwise.terminal_command"), names);
            assertEquals(1L, span.getEvents().get(2).getAttributes().get("spanwise.command.exit_code"));
            assertEquals("https://github.com/acme/app.git", span.getEvents().get(3).getAttributes().get("vcs.repository.url.full"));
            assertEquals(List.of(
                new AgentArtifact.Checkpoint("before-refactor", "clean tree", List.of("a.kt", "b.kt")),
                new AgentArtifact.FileOperation(Kind.UPDATE, "src/App.java", "int x = 1;", "int x = 2;"),
                new AgentArtifact.TerminalCommand("mvn test", 1, "Tests run: 3, Failures: 1"),
                AgentArtifact.gitLink(COMMIT, "main", "https://github.com/acme/app.git"),
                AgentArtifact.terminalCommand("ls")), artifacts(span));
        }
    }

    @Test
    void contentIsLeftOutWithoutCaptureAndAnEndedScopeIgnoresArtifacts() {
        try (Fixture f = new Fixture()) {
            ScopeHandle tool = f.sw.scope("shell").start();
            tool.artifact(AgentArtifact.terminalCommand("cat .env", 0, "KEY=abc", "")).close();
            tool.artifact(AgentArtifact.checkpoint("late"));
            SpanData span = f.span("shell");
            assertEquals(List.of(AgentArtifact.terminalCommand("cat .env", 0)), artifacts(span));
            assertFalse(span.getEvents().toString().contains("KEY=abc"));
        }
    }

    @Test
    void gitLinkDetectReadsTheCheckoutAndNeverThrows() throws Exception {
        Path dir = Files.createTempDirectory("spanwise-java-git");
        try {
            Path git = Files.createDirectories(dir.resolve(".git/refs/heads"));
            Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n");
            Files.writeString(git.resolve("main"), COMMIT + "\n");
            Files.writeString(dir.resolve(".git/config"), "[remote \"origin\"]\n\turl = https://u:secret@git.example.com/r.git\n");
            AgentArtifact.GitLink link = AgentArtifact.GitLink.detect(Files.createDirectories(dir.resolve("sub")));
            assertEquals(new AgentArtifact.GitLink(COMMIT, "main", "https://git.example.com/r.git"), link);
            assertNull(AgentArtifact.GitLink.detect(null));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
