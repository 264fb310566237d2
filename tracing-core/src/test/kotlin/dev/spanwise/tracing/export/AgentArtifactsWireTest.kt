package dev.spanwise.tracing.export

import com.google.gson.JsonObject
import com.google.gson.JsonParser
import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.ConsoleExporter
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.model.AgentArtifact
import dev.spanwise.tracing.model.AgentArtifact.FileOperation.Kind
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.testing.FakeReceiver
import dev.spanwise.tracing.testing.OtlpJson
import dev.spanwise.tracing.tool
import dev.spanwise.tracing.traced
import io.opentelemetry.proto.common.v1.AnyValue
import io.opentelemetry.proto.trace.v1.Span
import kotlinx.coroutines.runBlocking
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/** Every artifact kind on every wire: OTLP and Tracentic (parsed with the official schema), JSON Lines, Zipkin, 2Signal, console. */
class AgentArtifactsWireTest {
    private val receiver = FakeReceiver()
    private val commit = "1a2b3c4d5e6f70819293a4b5c6d7e8f901234567"

    @AfterTest
    fun stop() = receiver.close()

    private fun recordRun(captureContent: Boolean = true, exporter: SpanExporter = Exporters.inMemory()): List<SpanData> = runBlocking {
        val memory = Exporters.inMemory()
        val tracing = Tracing {
            serviceName = "coder"
            this.exporter = Exporters.composite(memory, exporter)
            this.captureContent = captureContent
        }
        tracing.traced("coding-agent") {
            artifact(AgentArtifact.GitLink(commit, "main", "https://bot:ghp_tok3n@github.com/acme/app.git"))
            artifact(AgentArtifact.Checkpoint("before-refactor", "clean tree", listOf("a.kt", "b.kt", "c.kt")))
            tool("edit") { artifact(AgentArtifact.FileOperation(Kind.UPDATE, "src/App.kt", "fun a() = 1", "fun a() = 2")) }
            tool("shell") { artifact(AgentArtifact.TerminalCommand("npm test", 1, "1 failing", "AssertionError: expected 2")) }
        }
        tracing.shutdown()
        memory.spans
    }

    private fun attrs(kv: List<io.opentelemetry.proto.common.v1.KeyValue>): Map<String, AnyValue> = kv.associate { it.key to it.value }

    private fun checkOtlpSpans(spans: Map<String, Span>, contentKept: Boolean) {
        val root = spans.getValue("coding-agent").eventsList
        assertEquals(listOf("spanwise.git", "spanwise.checkpoint"), root.map { it.name })
        val git = attrs(root[0].attributesList)
        assertEquals(commit, git.getValue("vcs.ref.head.revision").stringValue)
        assertEquals("main", git.getValue("vcs.ref.head.name").stringValue)
        assertEquals("https://github.com/acme/app.git", git.getValue("vcs.repository.url.full").stringValue)
        val cp = attrs(root[1].attributesList)
        assertEquals("before-refactor", cp.getValue("spanwise.checkpoint.name").stringValue)
        assertEquals("clean tree", cp.getValue("spanwise.checkpoint.description").stringValue)
        assertEquals(listOf("a.kt", "b.kt", "c.kt"), cp.getValue("spanwise.checkpoint.files").arrayValue.valuesList.map { it.stringValue })
        val file = attrs(spans.getValue("edit").eventsList.single { it.name == "spanwise.file_operation" }.attributesList)
        assertEquals("update", file.getValue("spanwise.file.operation").stringValue)
        assertEquals("src/App.kt", file.getValue("spanwise.file.path").stringValue)
        val cmd = attrs(spans.getValue("shell").eventsList.single { it.name == "spanwise.terminal_command" }.attributesList)
        assertEquals("npm test", cmd.getValue("spanwise.command").stringValue)
        assertEquals(1L, cmd.getValue("spanwise.command.exit_code").intValue)
        assertEquals(contentKept, file.containsKey("spanwise.file.after"))
        assertEquals(contentKept, cmd.containsKey("spanwise.command.stdout"))
        if (contentKept) {
            assertEquals("fun a() = 1", file.getValue("spanwise.file.before").stringValue)
            assertEquals("fun a() = 2", file.getValue("spanwise.file.after").stringValue)
            assertEquals("1 failing", cmd.getValue("spanwise.command.stdout").stringValue)
            assertEquals("AssertionError: expected 2", cmd.getValue("spanwise.command.stderr").stringValue)
        }
    }

    @Test
    fun `golden OTLP payload carries the artifacts as typed events and parses with the official schema`(): Unit = runBlocking {
        for (capture in listOf(true, false)) {
            val exporter = Exporters.otlpHttp(receiver.url)
            assertEquals(ExportResult.Success, exporter.export(recordRun(capture)))
            exporter.shutdown()
            val body = receiver.requests.last().body
            assertTrue(body.contains("\"intValue\":\"1\""), "int64 as a decimal string: $body")
            assertFalse(body.contains("ghp_tok3n"))
            val spans = OtlpJson.parseRequest(body).resourceSpansList.single().scopeSpansList.single().spansList.associateBy { it.name }
            checkOtlpSpans(spans, contentKept = capture)
        }
    }

    @Test
    fun `Tracentic and JSON Lines carry the same events`(): Unit = runBlocking {
        val exporter = Exporters.tracentic("tk-1", receiver.url)
        assertEquals(ExportResult.Success, exporter.export(recordRun()))
        exporter.shutdown()
        val tracentic = OtlpJson.parseBase64Request(receiver.requests.single().body)
            .resourceSpansList.single().scopeSpansList.single().spansList.associateBy { it.name }
        checkOtlpSpans(tracentic, contentKept = true)

        val file = Files.createTempFile("spanwise-artifacts", ".jsonl")
        try {
            recordRun(exporter = Exporters.jsonLines(file))
            val lines = Files.readAllLines(file).filter { it.isNotBlank() }
            checkOtlpSpans(lines.map { OtlpJson.parseSpan(it) }.associateBy { it.name }, contentKept = true)
        } finally {
            Files.deleteIfExists(file)
        }
    }

    @Test
    fun `Zipkin annotations read as one line per artifact without content`(): Unit = runBlocking {
        val exporter = Exporters.zipkin(receiver.url)
        assertEquals(ExportResult.Success, exporter.export(recordRun()))
        exporter.shutdown()
        val body = receiver.requests.single().body
        val spans = JsonParser.parseString(body).asJsonArray.map { it.asJsonObject }.associateBy { it["name"].asString }
        fun annotations(name: String) = spans.getValue(name)["annotations"].asJsonArray.map { it.asJsonObject["value"].asString }
        assertEquals(
            listOf("spanwise.git: main@1a2b3c4 https://github.com/acme/app.git", "spanwise.checkpoint: before-refactor (3 files)"),
            annotations("coding-agent"),
        )
        assertEquals(listOf("spanwise.file_operation: update src/App.kt"), annotations("edit"))
        assertEquals(listOf("spanwise.terminal_command: npm test (exit 1)"), annotations("shell"))
        assertFalse(body.contains("1 failing"), body)
        assertFalse(body.contains("ghp_tok3n"), body)
    }

    @Test
    fun `2Signal keeps the artifacts in the span metadata, content only when captured`(): Unit = runBlocking {
        for (capture in listOf(true, false)) {
            receiver.requests.clear()
            val exporter = Exporters.twoSignal("k-1", receiver.url)
            assertEquals(ExportResult.Success, exporter.export(recordRun(capture)))
            exporter.shutdown()
            val bodies = JsonParser.parseString(receiver.requests.single().body).asJsonObject["batch"].asJsonArray
                .map { it.asJsonObject }.filter { it["type"].asString == "span-create" }.map { it["body"].asJsonObject }
            fun artifacts(name: String): List<JsonObject> =
                bodies.single { it["name"]?.asString == name }["metadata"].asJsonObject["spanwise.artifacts"].asJsonArray.map { it.asJsonObject }
            val root = artifacts("coding-agent")
            assertEquals(listOf("spanwise.git", "spanwise.checkpoint"), root.map { it["type"].asString })
            assertEquals(commit, root[0]["vcs.ref.head.revision"].asString)
            assertEquals(listOf("a.kt", "b.kt", "c.kt"), root[1]["spanwise.checkpoint.files"].asJsonArray.map { it.asString })
            assertTrue(root[1]["timestamp"].asString.endsWith("Z"))
            val cmd = artifacts("shell").single()
            assertEquals("npm test", cmd["spanwise.command"].asString)
            assertEquals(1, cmd["spanwise.command.exit_code"].asInt)
            assertEquals(capture, cmd.has("spanwise.command.stdout"))
            assertEquals(capture, artifacts("edit").single().has("spanwise.file.after"))
            assertFalse(bodies.single { it["name"]?.asString == "coding-agent" }.toString().contains("ghp_tok3n"))
        }
    }

    @Test
    fun `the console shows one short marker per artifact under its span`() {
        val out = ByteArrayOutputStream()
        recordRun(exporter = ConsoleExporter(PrintStream(out, true, "UTF-8")))
        val text = out.toString("UTF-8")
        val lines = text.lines()
        val root = lines.indexOfFirst { it.contains("AGENT coding-agent") }
        assertTrue(lines[root + 1].endsWith("· git main@1a2b3c4"), text)
        assertTrue(lines[root + 2].endsWith("· checkpoint before-refactor (3 files)"), text)
        assertTrue(lines[root + 2].contains("│"), "the tree line continues to the children: $text")
        val shell = lines.indexOfFirst { it.contains("TOOL shell") }
        assertTrue(lines[shell + 1].endsWith("· $ npm test → exit 1"), text)
        assertTrue(lines.any { it.endsWith("· update src/App.kt") }, text)
        assertFalse(text.contains("1 failing"), text)
        assertFalse(text.contains("fun a() = 2"), text)
    }

    @Test
    fun `the console shows at most ten markers per span and counts the rest`() = runBlocking {
        val out = ByteArrayOutputStream()
        val tracing = Tracing { exporter = ConsoleExporter(PrintStream(out, true, "UTF-8")) }
        tracing.traced("many") { repeat(13) { artifact(AgentArtifact.FileOperation(Kind.READ, "f$it.kt")) } }
        tracing.shutdown()
        val lines = out.toString("UTF-8").lines()
        assertEquals(10, lines.count { it.contains("· read f") })
        assertTrue(lines.any { it.endsWith("· … 3 more artifacts") }, lines.toString())
    }
}
