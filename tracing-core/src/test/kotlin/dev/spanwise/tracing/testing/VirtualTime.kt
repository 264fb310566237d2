package dev.spanwise.tracing.testing

import dev.spanwise.tracing.exporters.internal.http.TransportTime
import kotlinx.coroutines.delay
import kotlinx.coroutines.test.TestCoroutineScheduler
import kotlin.random.Random

/** Transport time driven by a test scheduler (virtual), with a seeded or fixed jitter source. */
class VirtualTime(
    private val scheduler: TestCoroutineScheduler,
    private val epochBaseMillis: Long = 1_800_000_000_000L,
    private val randomSource: () -> Double = { 0.5 },
) : TransportTime {
    val sleeps = java.util.concurrent.CopyOnWriteArrayList<Long>()

    override fun nanoTime(): Long = scheduler.currentTime * 1_000_000

    override fun epochMillis(): Long = epochBaseMillis + scheduler.currentTime

    override fun random(): Double = randomSource()

    override suspend fun sleep(millis: Long) {
        sleeps.add(millis)
        delay(millis)
    }

    companion object {
        fun seeded(scheduler: TestCoroutineScheduler, seed: Long): VirtualTime {
            val r = Random(seed)
            return VirtualTime(scheduler, randomSource = { r.nextDouble() })
        }
    }
}
