package dev.spanwise.tracing.testing

import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger

/** How a backend's request body names its spans. */
enum class Wire(private val pattern: Regex) {
    OTLP(Regex("\"spanId\":\"([0-9a-f]{16})\"")),
    TRACENTIC(Regex("\"spanId\":\"([A-Za-z0-9+/=]+)\"")),
    TWO_SIGNAL(Regex("\"id\":\"span-([0-9a-f-]+)\"")),
    ;

    fun spanIds(body: String): List<String> = pattern.findAll(body).map { it.groupValues[1] }.toList()
}

/**
 * A backend on a loopback socket that deduplicates by span id: every span of a request it answers
 * with a 2xx counts as delivered once; seeing it again in another 2xx answer counts a duplicate.
 * [answer] picks the reply of each request (its status and delay); a slow reply is never a 2xx in
 * the tests, so a request the client gave up on is never counted as delivered.
 */
class DedupBackend(private val wire: Wire, answer: (ReceivedRequest) -> Reply) : AutoCloseable {
    val delivered: MutableSet<String> = ConcurrentHashMap.newKeySet()
    val duplicates = AtomicInteger()
    val requests = AtomicInteger()
    val receiver = FakeReceiver { req ->
        requests.incrementAndGet()
        val reply = answer(req)
        if (reply.status in 200..299) {
            for (id in wire.spanIds(req.body)) if (!delivered.add(id)) duplicates.incrementAndGet()
        }
        reply
    }
    val url: String get() = receiver.url

    override fun close() = receiver.close()
}
