package dev.spanwise.tracing.export

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.OtlpHttpExporter
import dev.spanwise.tracing.exporters.TracenticExporter
import dev.spanwise.tracing.exporters.TwoSignalExporter
import dev.spanwise.tracing.testing.DedupBackend
import dev.spanwise.tracing.testing.Reply
import dev.spanwise.tracing.testing.Wire
import kotlinx.coroutines.runBlocking
import kotlin.random.Random
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * For random sequences of status codes, delays and client-side cancellations (export timeouts and
 * request timeouts) on a loopback backend that deduplicates by span id: every span recorded is
 * delivered once or dropped under one reason, and none is delivered twice — for OTLP, Tracentic
 * and 2Signal, with one or four exports in flight.
 */
class ExportConservationPropertyTest {
    private val seed = System.nanoTime().also { println("ExportConservationPropertyTest seed: $it") }

    /** A backend script: random answers for the first [scripted] requests, then 2xx. */
    private class Script(seed: Long, private val wire: Wire, private val scripted: Int) {
        private val random = Random(seed)
        private var n = 0

        @Synchronized
        fun next(): Reply {
            val ok = Reply(if (wire == Wire.TWO_SIGNAL) 201 else 200, "{}", delayMillis = random.nextLong(0, 10))
            if (n++ >= scripted) return ok
            return when (random.nextInt(100)) {
                in 0..49 -> ok
                in 50..57 -> Reply(503, "unavailable", delayMillis = random.nextLong(0, 10))
                in 58..63 -> Reply(502, "bad gateway")
                in 64..69 -> Reply(429, "slow down")
                in 70..75 -> Reply(500, "oops")
                in 76..83 -> Reply(413, "too large")
                in 84..88 -> Reply(400, "bad request")
                in 89..91 -> Reply(503, "hung", delayMillis = 1_100) // the client gives up first
                else -> Reply(504, "gateway timeout")
            }
        }
    }

    private fun exporter(wire: Wire, url: String, http: HttpExporterConfig): SpanExporter = when (wire) {
        Wire.OTLP -> OtlpHttpExporter(OtlpHttpExporter.tracesUrl(url), http)
        Wire.TRACENTIC -> TracenticExporter(TracenticExporter.ingestUrl(url), "tr-key-123456", http)
        Wire.TWO_SIGNAL -> TwoSignalExporter(TwoSignalExporter.ingestUrl(url), "ts-key-123456", http, maxEvents = 8)
    }

    private fun runCase(wire: Wire, caseSeed: Long) = runBlocking {
        val random = Random(caseSeed)
        val script = Script(caseSeed, wire, scripted = random.nextInt(5, 40))
        DedupBackend(wire) { script.next() }.use { backend ->
            val http = HttpExporterConfig().apply {
                maxAttempts = random.nextInt(1, 4)
                requestTimeout = if (random.nextBoolean()) 700.milliseconds else 5.seconds
                maxConcurrentRequests = 4
            }
            val concurrent = if (random.nextBoolean()) 1 else 4
            val t = Tracing {
                serviceName = "property"
                exporter = exporter(wire, backend.url, http)
                batching {
                    maxBatchSize = random.nextInt(3, 30)
                    flushInterval = 20.milliseconds
                    exportTimeout = 1.seconds
                    maxRetryBackoff = 30.milliseconds
                    maxConcurrentExports = concurrent
                }
            }
            val spans = random.nextInt(10, 60)
            var recorded = 0
            while (recorded < spans) {
                val root = t.begin("root$recorded")
                repeat(minOf(random.nextInt(0, 6), spans - recorded - 1)) {
                    root.createChild("child").end()
                    recorded++
                }
                root.end()
                recorded++
                if (random.nextInt(4) == 0) t.flush(random.nextLong(1, 50).milliseconds)
            }
            val result = t.shutdown(20.seconds)
            val case = "$wire case seed $caseSeed (batch ${concurrent}x, $result)"
            assertEquals(0, backend.duplicates.get(), "duplicates: $case")
            assertEquals(spans.toLong(), result.exported + result.droppedTotal + result.pending, "conservation: $case")
            assertEquals(backend.delivered.size.toLong(), result.exported, "exported vs delivered at the server: $case")
            assertEquals(0L, result.pending, case)
            assertEquals(spans.toLong(), backend.delivered.size + result.droppedTotal, "recorded = delivered + dropped: $case")
        }
    }

    @Test
    fun `recorded equals delivered plus dropped with no duplicates under random faults`() {
        val random = Random(seed)
        val started = System.nanoTime()
        for (wire in Wire.entries) {
            repeat(CASES) { runCase(wire, random.nextLong()) }
        }
        println("ExportConservationPropertyTest: ${Wire.entries.size * CASES} cases in ${(System.nanoTime() - started) / 1_000_000} ms")
    }

    private companion object {
        const val CASES = 12
    }
}
