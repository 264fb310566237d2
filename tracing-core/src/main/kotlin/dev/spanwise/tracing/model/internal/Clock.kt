package dev.spanwise.tracing.model.internal

/** Wall-clock nanoseconds since the epoch, precise to the JVM's monotonic clock. */
internal interface Clock {
    fun nowEpochNanos(): Long

    /** Monotonic nanoseconds for measuring intervals. */
    fun nanoTime(): Long

    companion object {
        val SYSTEM: Clock = SystemClock
    }
}

private object SystemClock : Clock {
    private val anchorEpochNanos = System.currentTimeMillis() * 1_000_000L
    private val anchorNanoTime = System.nanoTime()

    override fun nowEpochNanos(): Long = anchorEpochNanos + (System.nanoTime() - anchorNanoTime)

    override fun nanoTime(): Long = System.nanoTime()
}
