package dev.spanwise.tracing.exporters.internal.http

/** Clock, sleep and randomness of a transport, replaceable for tests in virtual time. */
internal interface TransportTime {
    fun nanoTime(): Long

    fun epochMillis(): Long

    fun random(): Double

    suspend fun sleep(millis: Long)

    companion object {
        val SYSTEM: TransportTime = object : TransportTime {
            override fun nanoTime(): Long = System.nanoTime()
            override fun epochMillis(): Long = System.currentTimeMillis()
            override fun random(): Double = java.util.concurrent.ThreadLocalRandom.current().nextDouble()
            override suspend fun sleep(millis: Long) = kotlinx.coroutines.delay(millis)
        }
    }
}
