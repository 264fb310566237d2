package dev.spanwise.benchmarks

import kotlinx.coroutines.channels.Channel

/** The queue inside Spanwise's export pipeline — a bounded `Channel` — for the enqueue micro-benchmark (#5). */
public class ChannelQueue(capacity: Int) {
    private val channel = Channel<Any>(capacity)

    /** `trySend`: never blocks; `false` when full. */
    public fun offer(element: Any): Boolean = channel.trySend(element).isSuccess

    /** `tryReceive`: `null` when empty. */
    public fun poll(): Any? = channel.tryReceive().getOrNull()
}
