package dev.spanwise.samples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import dev.spanwise.tracing.spring.SpanwiseConfigCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

/**
 * A support-desk service traced by {@code tracing-spring-boot-starter}: it starts on a random port,
 * asks itself one question over HTTP (so the request carries parent headers from the caller's
 * scope), prints the answer, and closes — which flushes the console exporter's tree.
 *
 * <pre>mvn -B -q -Pdemo -DskipTests -pl samples-spring -am package</pre>
 */
@SpringBootApplication
public class SupportDeskSample {
    /**
     * What properties do not cover, as a bean: model prices (USD per million tokens).
     *
     * @return the customizer
     */
    @Bean
    SpanwiseConfigCustomizer pricing() {
        return config -> config.pricing().model("gpt-4o", 2.50, 10.00, 1.25, 2.50);
    }

    /**
     * Runs the sample.
     *
     * @param args Spring Boot arguments ({@code --spanwise.exporter=otlp} and so on)
     */
    public static void main(String[] args) {
        System.out.println(run(args));
    }

    /**
     * Starts the service, asks one question, closes the service.
     *
     * @param args Spring Boot arguments
     * @return the answer
     */
    public static String run(String... args) {
        try (ConfigurableApplicationContext context = SpringApplication.run(SupportDeskSample.class, args)) {
            String port = context.getEnvironment().getProperty("local.server.port");
            RestClient client = context.getBean(RestClient.Builder.class).baseUrl("http://127.0.0.1:" + port).build();
            return context.getBean(Frontdesk.class).ask(client, "ORD-1042", "Where is my order?");
        }
    }
}
