package dev.spanwise.tracing.spring.app;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.MDC;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/** Routes the tests call. */
@RestController
public class OrderController {
    private final OrderService orders;
    private final RestClient.Builder clients;
    private final Environment environment;
    private final CyclicBarrier pair = new CyclicBarrier(2);

    public OrderController(OrderService orders, RestClient.Builder clients, Environment environment) {
        this.orders = orders;
        this.clients = clients;
        this.environment = environment;
    }

    @GetMapping("/orders/{id}")
    public String order(@PathVariable String id) {
        return orders.lookup(id);
    }

    @GetMapping("/quotes/{id}")
    public String quote(@PathVariable String id) {
        return orders.quote(id, "s3cret").join();
    }

    @GetMapping("/boom")
    public String boom() {
        throw new IllegalArgumentException("boom");
    }

    @GetMapping("/mdc")
    public String mdc() {
        return MDC.get("trace_id") + " " + MDC.get("span_id");
    }

    /** Waits until a second request is inside this handler too, so the two overlap. */
    @GetMapping("/together/{id}")
    public String together(@PathVariable String id) throws InterruptedException, BrokenBarrierException, TimeoutException {
        pair.await(10, TimeUnit.SECONDS);
        return orders.lookup(id);
    }

    @GetMapping("/downstream")
    public String downstream() {
        String port = environment.getProperty("local.server.port");
        return clients.build().get().uri("http://127.0.0.1:" + port + "/orders/7").retrieve().body(String.class);
    }
}
