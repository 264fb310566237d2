package dev.spanwise.samples.demo

import kotlinx.coroutines.delay
import java.util.concurrent.atomic.AtomicInteger

/** A tiny knowledge base searched by keyword. */
class KnowledgeBase {
    private val articles = listOf(
        "Refunds are paid to the original payment method within 3-5 business days.",
        "Damaged items can be returned within 30 days of delivery.",
        "Orders ship from the Lisbon warehouse within 24 hours.",
        "Gift cards cannot be refunded.",
    )

    suspend fun search(query: String): List<String> {
        delay(25)
        val words = query.lowercase().split(' ').filter { it.length > 3 }
        return articles.filter { a -> words.any { a.lowercase().contains(it) } }
    }
}

/** The order service: its first call times out, the retry succeeds (a deterministic hiccup). */
class OrderService {
    private val calls = AtomicInteger()

    suspend fun lookup(orderId: String): Map<String, Any> {
        delay(30)
        if (calls.getAndIncrement() == 0) throw OrderServiceTimeout("order service did not answer within 30 ms")
        return mapOf("order" to orderId, "total_eur" to 49.90, "status" to "delivered", "damaged" to true)
    }
}

/** The order service's timeout. */
class OrderServiceTimeout(message: String) : Exception(message)
