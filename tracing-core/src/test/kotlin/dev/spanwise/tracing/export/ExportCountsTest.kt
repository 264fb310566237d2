package dev.spanwise.tracing.export

import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.model.SpanData
import kotlinx.coroutines.runBlocking
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** ExportCounts counts each span recorded once overall, and each destination's counts apart. */
class ExportCountsTest {
    /** Delivers every batch except each [failEvery]th one, which it answers with [failure]. */
    private class Destination(private val failEvery: Int = 0, private val failure: ExportResult.Failure? = null) : SpanExporter {
        val delivered: MutableSet<Long> = ConcurrentHashMap.newKeySet()
        private val calls = AtomicInteger()

        override suspend fun export(batch: List<SpanData>): ExportResult {
            val n = calls.incrementAndGet()
            if (failEvery > 0 && n % failEvery == 0) return failure!!
            for (s in batch) delivered.add(s.spanId)
            return ExportResult.Success
        }
    }

    private fun tracing(vararg exporters: SpanExporter) = Tracing {
        serviceName = "flush-result-test"
        exporter = Exporters.composite(*exporters)
        batching {
            maxBatchSize = 100
            flushInterval = 10.milliseconds
        }
    }

    private fun ExportCounts.checkInvariants(recorded: Long) {
        assertEquals(recorded, exported + droppedTotal + pending, toString())
        assertEquals(recorded, this.recorded, toString())
        for (d in destinations) assertEquals(recorded, d.exported + d.droppedTotal + d.pending, d.toString())
    }

    @Test
    fun `two healthy destinations report 1,101 spans exported, not 2,202, with each destination's count`(): Unit = runBlocking {
        val a = Destination()
        val b = Destination()
        val t = tracing(a, b)
        repeat(1_101) { t.begin("s$it").end() }
        val result = t.shutdown(10.seconds)
        result.checkInvariants(1_101)
        assertEquals(1_101L, result.exported)
        assertEquals(listOf(1_101L, 1_101L), result.destinations.map { it.exported })
        assertEquals(2, result.destinations.size)
    }

    @Test
    fun `three destinations dropping different batches count a span exported only when all delivered it, dropped under the first reason`(): Unit =
        runBlocking {
            val healthy = Destination()
            val unauthorized = Destination(failEvery = 3, failure = ExportResult.Failure(null, retryable = false, reason = DropReason.UNAUTHORIZED))
            val refused = Destination(failEvery = 4, failure = ExportResult.Failure(null, retryable = false))
            val t = tracing(healthy, unauthorized, refused)
            repeat(1_000) {
                val s = t.begin("s$it")
                s.end()
            }
            val result = t.shutdown(10.seconds)
            result.checkInvariants(1_000)
            val everywhere = healthy.delivered.filter { it in unauthorized.delivered && it in refused.delivered }
            assertEquals(everywhere.size.toLong(), result.exported, result.toString())
            assertEquals(1_000L - everywhere.size, result.droppedTotal, result.toString())
            assertEquals(0L, result.pending)
            assertEquals(
                listOf(1_000L, unauthorized.delivered.size.toLong(), refused.delivered.size.toLong()),
                result.destinations.map { it.exported },
            )
            assertEquals(1_000L - unauthorized.delivered.size, result.destinations[1].dropped(DropReason.UNAUTHORIZED))
            assertEquals(1_000L - refused.delivered.size, result.destinations[2].dropped(DropReason.NON_RETRYABLE))
            assertEquals(setOf(DropReason.UNAUTHORIZED, DropReason.NON_RETRYABLE).containsAll(result.dropped.keys), true, result.toString())
        }

    @Test
    fun `spans recorded after shutdown count once overall as ALREADY_SHUTDOWN with two destinations`(): Unit = runBlocking {
        val t = tracing(Destination(), Destination())
        repeat(10) { t.begin("s$it").end() }
        t.shutdown(5.seconds)
        repeat(5) { t.begin("late$it").end() }
        val stats = t.stats()
        stats.checkInvariants(15)
        assertEquals(10L, stats.exported)
        assertEquals(5L, stats.dropped(DropReason.ALREADY_SHUTDOWN))
    }
}
