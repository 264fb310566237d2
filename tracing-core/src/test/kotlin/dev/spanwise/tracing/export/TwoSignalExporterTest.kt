package dev.spanwise.tracing.export

import com.google.gson.JsonObject
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.exporters.TwoSignalExporter
import dev.spanwise.tracing.exporters.internal.encode.TwoSignalEncoder
import dev.spanwise.tracing.exporters.internal.http.BatchProgress
import dev.spanwise.tracing.exporters.internal.http.ExportCall
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.testing.FakeReceiver
import dev.spanwise.tracing.testing.OtlpJson
import dev.spanwise.tracing.testing.Reply
import dev.spanwise.tracing.testing.Spans
import dev.spanwise.tracing.tool
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.checkAll
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertIs
import kotlin.test.assertTrue

/** 2Signal ingest: event shape and ids, request limits, 413 bisection, truncation, accepted counts (A1, A11, C3–C5). */
class TwoSignalExporterTest {
    private fun events(body: String) = OtlpJson.strictTree(body).asJsonObject.getAsJsonArray("batch").map { it.asJsonObject }

    private fun spanIds(body: String) = events(body).filter { it["type"].asString == "span-create" }.map { it["body"].asJsonObject["id"].asString }

    /** A 2Signal-like backend: 413 above [limitBytes], else 201 with the event count accepted. */
    private fun backend(limitBytes: Int = 5_000_000, reject: (String) -> Boolean = { false }) = FakeReceiver { req ->
        if (req.rawBody.size > limitBytes || reject(req.body)) Reply(413, "too large") else Reply(201, """{"accepted":${events(req.body).size}}""")
    }

    @Test
    fun `events carry ids derived from span ids, trace-create first, 2Signal fields`(): Unit = runBlocking {
        val root = Spans.span(name = "agent", correlationId = "order-42")
        val llm = Spans.span(
            name = "answer",
            parentSpanId = root.spanId,
            kind = dev.spanwise.tracing.model.ScopeKind.LLM,
            llm = Spans.llm(input = "q", output = "a"),
        )
        val failed = Spans.span(
            name = "lookup",
            parentSpanId = root.spanId,
            kind = dev.spanwise.tracing.model.ScopeKind.TOOL,
            status = dev.spanwise.tracing.model.SpanStatus.ERROR,
            error = Spans.error("nope"),
        )
        val batch = listOf(llm, failed, root)
        val first = TwoSignalEncoder.body(TwoSignalEncoder.events(batch)).decodeToString()
        val again = TwoSignalEncoder.body(TwoSignalEncoder.events(batch)).decodeToString()
        assertEquals(first, again, "J5: deterministic")
        val events = events(first)
        assertEquals(listOf("trace-create", "span-create", "span-create", "span-create"), events.map { it["type"].asString })
        assertEquals("trace-" + root.traceIdHex, events[0]["id"].asString)
        assertEquals("agent", events[0]["body"].asJsonObject["name"].asString)
        assertEquals(root.traceIdHex, events[0]["body"].asJsonObject["id"].asString)
        val answer: JsonObject = events[1]["body"].asJsonObject
        assertEquals("span-" + llm.scopeId, events[1]["id"].asString)
        assertEquals(root.traceIdHex, answer["trace_id"].asString)
        assertEquals(root.spanIdHex, answer["parent_span_id"].asString)
        assertEquals("LLM", answer["type"].asString)
        assertEquals("gpt-4o-2024-08-06", answer["model"].asString)
        assertEquals(1200, answer["usage"].asJsonObject["prompt_tokens"].asInt)
        assertEquals(300, answer["usage"].asJsonObject["completion_tokens"].asInt)
        assertEquals(1500, answer["usage"].asJsonObject["total_tokens"].asInt)
        assertEquals(0.0034, answer["cost"].asDouble)
        assertEquals("q", answer["input"].asString)
        assertEquals("OK", answer["status"].asString)
        assertTrue(answer["start_time"].asString.matches(Regex("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z")))
        val tool = events[2]["body"].asJsonObject
        assertEquals("ERROR", tool["status"].asString)
        assertEquals("java.lang.IllegalStateException: nope", tool["error_message"].asString)
        assertTrue(events[3]["body"].asJsonObject["parent_span_id"].isJsonNull)
        assertEquals("order-42", events[3]["body"].asJsonObject["metadata"].asJsonObject["spanwise.scope.correlation_id"].asString)
    }

    // Reliability matrix: A1
    @Test
    fun `10 000 spans go out in requests of at most 1000 events and 5 MB, each span once`(): Unit = runBlocking {
        backend().use { receiver ->
            val exporter = Exporters.twoSignal("ts-key-123456", receiver.url)
            val batch = Spans.many(10_000, bytesEach = 600, tracesOf = 10)
            assertEquals(ExportResult.Success, exporter.export(batch))
            exporter.shutdown()
            val req = receiver.requests.first()
            assertEquals("/api/v1/traces", req.path)
            assertEquals("Bearer ts-key-123456", req.header("Authorization"))
            for (r in receiver.requests) {
                assertTrue(events(r.body).size <= 1000)
                assertTrue(r.rawBody.size <= 5_000_000)
            }
            val ids = receiver.requests.flatMap { spanIds(it.body) }
            assertEquals(10_000, ids.size)
            assertEquals(batch.map { it.spanIdHex }.toSet(), ids.toSet())
        }
    }

    // Reliability matrix: C3
    @Test
    fun `a 413 bisects until accepted, every span delivered once, requests bounded`(): Unit = runBlocking {
        backend(limitBytes = 1_000_000).use { receiver ->
            val exporter = Exporters.twoSignal("ts-key-123456", receiver.url)
            val batch = Spans.many(1000, bytesEach = 5000, tracesOf = 100)
            assertEquals(ExportResult.Success, exporter.export(batch))
            exporter.shutdown()
            val accepted = receiver.requests.filter { it.rawBody.size <= 1_000_000 }
            val ids = accepted.flatMap { spanIds(it.body) }
            assertEquals(1000, ids.size)
            assertEquals(1000, ids.toSet().size)
            println("C3: ${receiver.requests.size} requests")
            assertTrue(receiver.requests.size <= 2 * 5 + 10, "${receiver.requests.size} requests")
        }
    }

    // Reliability matrix: C4
    @Test
    fun `a 6 MB event is truncated with a marker, or dropped as too large if still refused`(): Unit = runBlocking {
        val huge = Spans.span(name = "huge", kind = dev.spanwise.tracing.model.ScopeKind.LLM, llm = Spans.llm(input = "y".repeat(6_000_000)))
        val others = Spans.many(999)
        backend().use { receiver ->
            val exporter = Exporters.twoSignal("ts-key-123456", receiver.url)
            assertEquals(ExportResult.Success, exporter.export(others + huge))
            exporter.shutdown()
            val hugeEvents = receiver.requests.flatMap { events(it.body) }.filter {
                it["type"].asString == "span-create" &&
                    it["body"].asJsonObject["name"].asString == "huge"
            }
            assertEquals(1, hugeEvents.size)
            assertEquals("<truncated: 6000000 bytes>", hugeEvents[0]["body"].asJsonObject["input"].asString)
            assertEquals(1000, receiver.requests.flatMap { spanIds(it.body) }.toSet().size)
        }
        backend(reject = { it.contains(huge.spanIdHex) }).use { receiver ->
            val exporter = Exporters.twoSignal("ts-key-123456", receiver.url)
            val result = exporter.export(others + huge)
            exporter.shutdown()
            assertIs<ExportResult.PartialSuccess>(result)
            assertEquals(1L, result.rejected)
            assertEquals(mapOf(DropReason.TOO_LARGE to 1L), result.reasons)
            val delivered = receiver.requests.filter { !it.body.contains(huge.spanIdHex) }.flatMap { spanIds(it.body) }
            assertEquals(999, delivered.toSet().size)
        }
    }

    // Reliability matrix: A11
    @Test
    fun `a short accepted count is rejected spans, odd 201 bodies are success`(): Unit = runBlocking {
        FakeReceiver().use { receiver ->
            receiver.enqueue(Reply(201, """{"accepted":7}"""))
            val exporter = Exporters.twoSignal("ts-key-123456", receiver.url)
            val result = exporter.export(Spans.many(10, tracesOf = 10)) // 1 trace-create + 10 span-create
            assertIs<ExportResult.PartialSuccess>(result)
            assertEquals(4L, result.rejected)
            for (body in listOf("", "{", "[1,2]", "x".repeat(5 * 1024 * 1024))) {
                receiver.enqueue(Reply(201, body))
                assertEquals(ExportResult.Success, exporter.export(Spans.many(2)), body.take(10))
            }
            exporter.shutdown()
        }
    }

    @Test
    fun `a retry after a partial failure resends only the spans not yet delivered`(): Unit = runBlocking {
        FakeReceiver().use { receiver ->
            receiver.enqueue(Reply(201, "{}"), Reply(400, "bad"), Reply(503))
            val exporter = TwoSignalExporter(
                TwoSignalExporter.ingestUrl(receiver.url),
                "ts-key-123456",
                HttpExporterConfig().apply { maxAttempts = 1 },
                maxEvents = 10,
            )
            val batch = Spans.many(25, tracesOf = 25) // 26 events: chunks of 10, 10, 6
            val progress = BatchProgress() // what the pipeline keeps for the batch across calls
            val call = ExportCall(budgetMillis = 9_000, maxBackoffMillis = 30_000, progress)
            val first = withContext(call) { exporter.export(batch) }
            assertIs<ExportResult.Failure>(first)
            assertTrue(first.retryable)
            assertEquals(DropReason.RETRIES_EXHAUSTED, first.reason)
            val second = withContext(call) { exporter.export(batch) }
            assertIs<ExportResult.PartialSuccess>(second)
            assertEquals(mapOf(DropReason.NON_RETRYABLE to 10L), second.reasons)
            assertEquals(4, receiver.requests.size)
            val delivered = listOf(receiver.requests[0], receiver.requests[3]).flatMap { spanIds(it.body) }
            assertEquals(15, delivered.size)
            assertEquals(15, delivered.toSet().size)
            exporter.shutdown()
        }
    }

    // Reliability matrix: C5
    @Test
    fun `pre-split property - every request within limits, delivered plus too large equals total`(): Unit = runBlocking {
        val seed = System.nanoTime()
        println("C5 property seed: $seed")
        val maxBytes = 5_000L
        val exporter = TwoSignalExporter("http://unused.test/api/v1/traces", "ts-key-123456", HttpExporterConfig(), maxEvents = 100, maxBytes = maxBytes)
        val pool = List(64) { ByteArray(it * 100) }
        val oversizedBytes = ByteArray(6_000)
        val longName = "n".repeat(6_000)
        checkAll(PropTestConfig(seed = seed, iterations = 10_000), Arb.list(Arb.int(0, 66), 0..150)) { sizes ->
            var spans = 0
            val events = sizes.mapIndexed { i, s ->
                if (s >= 64) {
                    TwoSignalEncoder.Event(Spans.span(name = longName, spanId = i + 100L), oversizedBytes)
                } else {
                    TwoSignalEncoder.Event(if (i % 3 == 0) null else Spans.span(spanId = i + 100L), pool[s])
                        .also { if (it.span != null) spans++ }
                }
            }
            val oversizedCount = sizes.count { it >= 64 }
            val tally = BatchProgress()
            val chunks = exporter.chunks(events, tally)
            for (c in chunks) {
                assertTrue(c.size <= 100)
                assertTrue(TwoSignalEncoder.bodySize(c) <= maxBytes)
            }
            val sent = chunks.sumOf { c -> c.count { it.span != null } }
            val tooLarge = tally.droppedCounts()[DropReason.TOO_LARGE] ?: 0L
            assertEquals((spans + oversizedCount).toLong(), sent + tooLarge)
        }
    }
}
