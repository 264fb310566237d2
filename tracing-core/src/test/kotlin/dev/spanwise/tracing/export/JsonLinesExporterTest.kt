package dev.spanwise.tracing.export

import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.testing.OtlpJson
import dev.spanwise.tracing.testing.Spans
import kotlinx.coroutines.runBlocking
import java.nio.file.Files
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertIs

class JsonLinesExporterTest {
    @Test
    fun `appends one OTLP span per line, creating parent directories`(): Unit = runBlocking {
        val dir = Files.createTempDirectory("spanwise-jsonl")
        val file = dir.resolve("nested/deeper/traces.jsonl")
        val root = Spans.span(name = "agent")
        val child = Spans.span(name = "answer", parentSpanId = root.spanId, llm = Spans.llm(), kind = dev.spanwise.tracing.model.ScopeKind.LLM)
        val first = Exporters.jsonLines(file)
        assertEquals(ExportResult.Success, first.export(listOf(child)))
        assertEquals(1, Files.readAllLines(file).size, "flushed after each batch")
        first.export(listOf(root))
        first.shutdown()
        assertIs<ExportResult.Failure>(first.export(listOf(root)))
        val second = Exporters.jsonLines(file.toString())
        second.export(listOf(root))
        second.flush()
        second.shutdown()
        val lines = Files.readAllLines(file)
        assertEquals(3, lines.size)
        val spans = lines.map { OtlpJson.parseSpan(it) }
        assertEquals(listOf("answer", "agent", "agent"), spans.map { it.name })
        assertEquals(root.spanIdHex, OtlpJson.hex(spans[0].parentSpanId))
        assertEquals(root.traceIdHex, OtlpJson.hex(spans[1].traceId))
        assertEquals(1200L, spans[0].attributesList.single { it.key == "gen_ai.usage.input_tokens" }.value.intValue)
    }
}
