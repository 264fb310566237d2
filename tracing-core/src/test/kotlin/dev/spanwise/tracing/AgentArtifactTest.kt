package dev.spanwise.tracing

import dev.spanwise.tracing.model.AgentArtifact
import dev.spanwise.tracing.model.AgentArtifact.FileOperation.Kind
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.testing.LogCapture
import dev.spanwise.tracing.testing.inMemoryTracing
import kotlinx.coroutines.runBlocking
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** Agent artifacts as typed span events: DSL and explicit forms, content rules, masking, bounds, misuse. */
class AgentArtifactTest {
    private val checkpoint = AgentArtifact.Checkpoint("before-refactor", "state before the refactoring", listOf("a.kt", "b.kt", "c.kt"))
    private val update = AgentArtifact.FileOperation(Kind.UPDATE, "src/App.kt", before = "val x = 1", after = "val x = 2")
    private val command = AgentArtifact.TerminalCommand("npm test", 1, stdout = "1 failing", stderr = "AssertionError")
    private val git = AgentArtifact.GitLink("1a2b3c4d5e6f70819293a4b5c6d7e8f901234567", "main", "https://github.com/acme/app.git")

    private fun record(configure: dev.spanwise.tracing.config.TracingConfig.() -> Unit = {}, vararg artifacts: AgentArtifact): SpanData = runBlocking {
        val (tracing, spans) = inMemoryTracing(configure)
        tracing.traced("coder") { artifacts.forEach { artifact(it) } }
        tracing.shutdown()
        spans.single("coder")
    }

    @Test
    fun `the DSL records each artifact as a typed event`() {
        val span = record({ captureContent = true }, checkpoint, update, command, git)
        assertEquals(listOf("spanwise.checkpoint", "spanwise.file_operation", "spanwise.terminal_command", "spanwise.git"), span.events.map { it.name })
        val (c, f, t, g) = span.events.map { it.attributes }
        assertEquals("before-refactor", c["spanwise.checkpoint.name"])
        assertEquals("state before the refactoring", c["spanwise.checkpoint.description"])
        assertEquals(listOf("a.kt", "b.kt", "c.kt"), c["spanwise.checkpoint.files"])
        assertEquals("update", f["spanwise.file.operation"])
        assertEquals("src/App.kt", f["spanwise.file.path"])
        assertEquals("val x = 1", f["spanwise.file.before"])
        assertEquals("val x = 2", f["spanwise.file.after"])
        assertEquals("npm test", t["spanwise.command"])
        assertEquals(1L, t["spanwise.command.exit_code"])
        assertEquals("1 failing", t["spanwise.command.stdout"])
        assertEquals("AssertionError", t["spanwise.command.stderr"])
        assertEquals("1a2b3c4d5e6f70819293a4b5c6d7e8f901234567", g["vcs.ref.head.revision"])
        assertEquals("main", g["vcs.ref.head.name"])
        assertEquals("branch", g["vcs.ref.head.type"])
        assertEquals("https://github.com/acme/app.git", g["vcs.repository.url.full"])
        assertEquals(listOf(checkpoint, update, command, git), span.events.map { AgentArtifact.fromEvent(it) })
    }

    @Test
    fun `without content capture file texts and command output are left out, the rest is kept`() {
        val span = record({}, update, command)
        val (f, t) = span.events.map { it.attributes }
        assertEquals(setOf("spanwise.file.operation", "spanwise.file.path"), f.toMap().keys)
        assertEquals(setOf("spanwise.command", "spanwise.command.exit_code"), t.toMap().keys)
        assertEquals(AgentArtifact.TerminalCommand("npm test", 1), AgentArtifact.fromEvent(span.events[1]))
    }

    @Test
    fun `the mask runs over command lines, descriptions and content, whatever capture says about the first two`() {
        val mask = dev.spanwise.tracing.model.ContentMask { it.replace("s3cr3t", "***") }
        val secretCommand = AgentArtifact.TerminalCommand("curl -H 'key: s3cr3t' x", 0, stdout = "got s3cr3t", stderr = null)
        val secretCheckpoint = AgentArtifact.Checkpoint("cp", "key s3cr3t rotated")
        val off = record({ contentMask = mask }, secretCommand, secretCheckpoint)
        assertEquals("curl -H 'key: ***' x", off.events[0].attributes["spanwise.command"])
        assertNull(off.events[0].attributes["spanwise.command.stdout"])
        assertEquals("key *** rotated", off.events[1].attributes["spanwise.checkpoint.description"])
        val on = record({
            contentMask = mask
            captureContent = true
        }, secretCommand, AgentArtifact.FileOperation(Kind.CREATE, "k.env", after = "K=s3cr3t"))
        assertEquals("got ***", on.events[0].attributes["spanwise.command.stdout"])
        assertEquals("K=***", on.events[1].attributes["spanwise.file.after"])
        assertFalse(on.events.toString().contains("s3cr3t"))
    }

    @Test
    fun `text is bounded - names and command lines by the value limit, content by the content limit, files by the count limit`() {
        val long = "x".repeat(500)
        val span = record(
            {
                captureContent = true
                maxAttributeValueLength = 50
                maxContentBytes = 100
                maxAttributes = 8
            },
            AgentArtifact.TerminalCommand(long, null, stdout = long),
            AgentArtifact.Checkpoint(long, long, List(20) { "f$it.kt" }),
            AgentArtifact.FileOperation(Kind.READ, long, before = "é".repeat(200)),
        )
        val (t, c, f) = span.events.map { it.attributes }
        assertEquals(50, (t["spanwise.command"] as String).length)
        assertEquals(100, (t["spanwise.command.stdout"] as String).length)
        assertNull(t["spanwise.command.exit_code"])
        assertEquals(50, (c["spanwise.checkpoint.name"] as String).length)
        assertEquals(50, (c["spanwise.checkpoint.description"] as String).length)
        assertEquals(8, (c["spanwise.checkpoint.files"] as List<*>).size)
        assertEquals(50, (f["spanwise.file.path"] as String).length)
        assertTrue((f["spanwise.file.before"] as String).encodeToByteArray().size <= 100)
    }

    @Test
    fun `artifacts count against the per-span event limit`() {
        val span = record({ maxEvents = 3 }, *Array(5) { AgentArtifact.TerminalCommand("step $it", 0) })
        assertEquals(listOf("step 0", "step 1", "step 2"), span.events.map { it.attributes["spanwise.command"] })
    }

    @Test
    fun `an artifact on an ended span or without its required text is misuse, never thrown`(): Unit = runBlocking {
        val (tracing, spans) = inMemoryTracing()
        val logs = LogCapture.capture { logs ->
            val scope = tracing.begin("explicit")
            scope.artifact(AgentArtifact.GitLink("abc1234", null, null))
            scope.event("plain")
            scope.artifact(AgentArtifact.TerminalCommand("  ", 0))
            scope.artifact(AgentArtifact.FileOperation(Kind.DELETE, ""))
            scope.artifact(AgentArtifact.Checkpoint(" "))
            scope.artifact(AgentArtifact.GitLink(""))
            scope.end()
            scope.artifact(checkpoint)
            tracing.shutdown()
            logs.all()
        }
        val span = spans.single("explicit")
        assertEquals(listOf(AgentArtifact.GitLink("abc1234"), null), span.events.map { AgentArtifact.fromEvent(it) })
        assertTrue(logs.any { it.contains("artifact after end of span 'explicit'") }, logs.toString())
        assertEquals(4, logs.count { it.contains("blank") && it.contains("ignored") }, logs.toString())
    }

    @Test
    fun `a repository URL loses its user-info when the value is made`() {
        assertEquals(
            "https://github.com/acme/app.git",
            AgentArtifact.GitLink("a", null, "https://x-access-token:ghp_123@github.com/acme/app.git").repositoryUrl,
        )
        assertEquals("ssh://github.com/acme/app.git", AgentArtifact.gitLink("a", null, "ssh://git@github.com/acme/app.git").repositoryUrl)
        assertEquals("github.com:acme/app.git", AgentArtifact.gitLink("a", null, "git@github.com:acme/app.git").repositoryUrl)
        assertEquals("https://host/r.git", AgentArtifact.gitLink("a", null, "https://u:p@host/r.git?token=t#x").repositoryUrl)
        assertEquals("/srv/git/app.git", AgentArtifact.gitLink("a", null, "/srv/git/app.git").repositoryUrl)
        assertFalse(AgentArtifact.gitLink("a", "b", "https://u:hunter22@h/r").toString().contains("hunter22"))
    }

    @Test
    fun `values compare by content and print no content`() {
        assertEquals(AgentArtifact.checkpoint("a", null, listOf("x")), AgentArtifact.Checkpoint("a", files = listOf("x")))
        assertEquals(update.hashCode(), AgentArtifact.fileOperation(Kind.UPDATE, "src/App.kt", "val x = 1", "val x = 2").hashCode())
        assertFalse(AgentArtifact.terminalCommand("ls", 0, "secret output", null) == AgentArtifact.terminalCommand("ls", 0))
        assertFalse(update.toString().contains("val x"), update.toString())
        assertFalse(command.toString().contains("failing"), command.toString())
    }

    @Test
    fun `explicit scopes and LLM scopes record artifacts, a non-recording scope ignores them`(): Unit = runBlocking {
        val (tracing, spans) = inMemoryTracing { sampleRate = 1.0 }
        val agent = tracing.begin("agent")
        agent.artifact(git)
        val call = agent.createLlmCall("plan", "openai", "gpt-4o")
        call.artifact(checkpoint)
        call.end()
        agent.end()
        Tracing { enabled = false }.begin("off").apply { artifact(command) }.end()
        tracing.shutdown()
        assertEquals(git, AgentArtifact.fromEvent(spans.single("agent").events.single()))
        assertEquals(checkpoint, AgentArtifact.fromEvent(spans.single("plan").events.single()))
    }
}
