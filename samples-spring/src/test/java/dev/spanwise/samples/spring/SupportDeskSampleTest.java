package dev.spanwise.samples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SupportDeskSampleTest {
    @Test
    void samplePrintsTheAnswerAndTheTraceTree() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String answer;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            answer = SupportDeskSample.run();
        } finally {
            System.setOut(original);
        }
        String tree = captured.toString(StandardCharsets.UTF_8);
        original.println(tree);
        assertEquals("Your order ORD-1042 is out for delivery.", answer);
        for (String name : new String[] {"frontdesk", "GET /orders/{id}/help", "support-agent", "order-status", "answer"}) {
            assertTrue(tree.contains(name), name + " missing from:\n" + tree);
        }
    }
}
