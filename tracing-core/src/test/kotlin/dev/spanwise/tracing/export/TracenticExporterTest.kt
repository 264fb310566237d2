package dev.spanwise.tracing.export

import dev.spanwise.tracing.exporters.TracenticExporter
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.testing.FakeReceiver
import dev.spanwise.tracing.testing.OtlpJson
import dev.spanwise.tracing.testing.Reply
import dev.spanwise.tracing.testing.Spans
import dev.spanwise.tracing.testing.VirtualTime
import kotlinx.coroutines.test.runTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertIs

/** Tracentic: vendor retry set (500 retried) and 413 bisection down to a single too-large span. */
class TracenticExporterTest {
    private fun spanCount(body: String) = OtlpJson.parseBase64Request(body).resourceSpansList.sumOf { r -> r.scopeSpansList.sumOf { it.spansCount } }

    @Test
    fun `500 is retried for the vendor ingest`(): Unit = runTest {
        FakeReceiver().use { receiver ->
            receiver.statuses(500, 200)
            val exporter = TracenticExporter(TracenticExporter.ingestUrl(receiver.url), "tk-123456789", HttpExporterConfig(), VirtualTime(testScheduler))
            assertEquals(ExportResult.Success, exporter.export(Spans.many(3)))
            assertEquals(2, receiver.requests.size)
            exporter.shutdown()
        }
    }

    @Test
    fun `413 splits the batch until it fits and drops a single span that never does`(): Unit = runTest {
        val big = Spans.span(name = "big", kind = dev.spanwise.tracing.model.ScopeKind.LLM, llm = Spans.llm(input = "z".repeat(20_000)))
        val small = Spans.many(8)
        FakeReceiver { req -> if (req.rawBody.size > 6_000) Reply(413, "") else Reply(200, "{}") }.use { receiver ->
            val exporter = TracenticExporter(TracenticExporter.ingestUrl(receiver.url), "tk-123456789", HttpExporterConfig(), VirtualTime(testScheduler))
            val result = exporter.export(small + big)
            assertIs<ExportResult.PartialSuccess>(result)
            assertEquals(mapOf(DropReason.TOO_LARGE to 1L), result.reasons)
            val delivered = receiver.requests.filter { it.rawBody.size <= 6_000 }.sumOf { spanCount(it.body) }
            assertEquals(8, delivered)
            exporter.shutdown()
        }
    }
}
