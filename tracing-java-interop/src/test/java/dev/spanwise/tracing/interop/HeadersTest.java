package dev.spanwise.tracing.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spanwise.tracing.model.ScopeKind;
import dev.spanwise.tracing.model.SpanData;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Headers out ({@code scope.headers()}) and in ({@code parentFromHeaders}, {@code beginFromHeaders}) across two services. */
class HeadersTest {

    @Test
    void outgoingHeadersCarryTraceparentAndScopeId() {
        try (Fixture caller = new Fixture()) {
            try (ScopeHandle scope = caller.sw.scope("caller").start()) {
                Map<String, String> headers = scope.headers();
                assertEquals(scope.id(), headers.get("x-spanwise-scope"));
                assertEquals("00-" + scope.traceId() + "-" + scope.spanId() + "-01", headers.get("traceparent"));
                assertEquals(headers, caller.sw.currentHeaders());
            }
            assertTrue(caller.sw.currentHeaders().isEmpty());
        }
    }

    @Test
    void receivingServiceBecomesAChildInTheSameTrace() {
        try (Fixture caller = new Fixture(); Fixture callee = new Fixture()) {
            Map<String, String> wire;
            String callerId;
            try (ScopeHandle scope = caller.sw.scope("caller").start()) {
                wire = scope.headers();
                callerId = scope.id();
            }
            try (ScopeHandle handler = callee.sw.scope("handler").parentFromHeaders(wire).start()) {
                assertEquals(callerId, handler.parentScopeId());
            }
            SpanData c = caller.span("caller");
            SpanData h = callee.span("handler");
            assertEquals(c.getTraceIdHex(), h.getTraceIdHex());
            assertEquals(c.getSpanId(), h.getParentSpanId());
            assertTrue(h.getParentIsRemote());
        }
    }

    @Test
    void headerNamesMatchInAnyCaseAndTraceparentAloneIsEnough() {
        try (Fixture f = new Fixture()) {
            String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
            Map<String, String> incoming = Map.of("TraceParent", "00-" + traceId + "-00f067aa0ba902b7-01");
            f.sw.scope("from-traceparent").parentFromHeaders(incoming).start().close();
            Map<String, String> upper = Map.of("X-Spanwise-Scope", traceId + "-00f067aa0ba902b7");
            f.sw.beginFromHeaders("from-scope-header", upper).close();

            assertEquals(traceId, f.span("from-traceparent").getTraceIdHex());
            assertEquals("00f067aa0ba902b7", f.span("from-traceparent").getParentSpanIdHex());
            assertEquals(traceId, f.span("from-scope-header").getTraceIdHex());
        }
    }

    @Test
    void invalidValuesAreIgnoredAndTheScopeStartsANewTrace() {
        try (Fixture f = new Fixture()) {
            Map<String, String> bad = new HashMap<>();
            bad.put("x-spanwise-scope", "4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7"); // upper case
            bad.put("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"); // all-zero trace id
            f.sw.scope("handler").parentFromHeaders(bad).start().close();
            f.sw.scope("reader-throws").parentFromHeaders(name -> { throw new IllegalStateException("closed"); }).start().close();
            f.sw.scope("null-map").parentFromHeaders((Map<String, String>) null).start().close();

            for (String name : new String[] {"handler", "reader-throws", "null-map"}) {
                SpanData span = f.span(name);
                assertEquals(0L, span.getParentSpanId(), name);
                assertNull(span.getLogicalParentId(), name);
            }
        }
    }

    @Test
    void servletStyleHeaderReaderAndTracenticLogicalParent() {
        try (Fixture f = new Fixture()) {
            Map<String, String> request = Map.of("x-tracentic-scope-id", "tracentic-scope-123");
            f.sw.scope("handler").parentFromHeaders(request::get).start().close();
            SpanData span = f.span("handler");
            assertEquals("tracentic-scope-123", span.getLogicalParentId());
            assertEquals(0L, span.getParentSpanId());
        }
    }

    @Test
    void explicitParentScopeIdFromAMessageProperty() {
        try (Fixture producer = new Fixture(); Fixture consumer = new Fixture()) {
            String property;
            try (ScopeHandle publish = producer.sw.begin("publish", "order-9")) {
                property = publish.id();
            }
            consumer.sw.begin("consume", "order-9", property).close();
            SpanData consume = consumer.span("consume");
            assertEquals(producer.span("publish").getSpanId(), consume.getParentSpanId());
            assertNotEquals(0L, consume.getParentSpanId());
        }
    }

    @Test
    void outgoingHeadersCarryTheCorrelationIdWhenTheScopeHasOne() {
        try (Fixture f = new Fixture()) {
            try (ScopeHandle scope = f.sw.scope("caller").correlationId("order-42").start()) {
                assertEquals("order-42", scope.headers().get("x-spanwise-correlation"));
                assertEquals("order-42", f.sw.currentHeaders().get(Spanwise.CORRELATION_ID_HEADER));
            }
            try (ScopeHandle none = f.sw.scope("no-correlation").start()) {
                assertFalse(none.headers().containsKey("x-spanwise-correlation"));
            }
            try (ScopeHandle bad = f.sw.scope("bad").correlationId("has spaces\r\n").start()) {
                assertFalse(bad.headers().containsKey("x-spanwise-correlation"), "never sends what the receiver would reject");
            }
        }
    }

    @Test
    void incomingCorrelationIdIsUsedUnlessOneIsGivenAndInvalidOnesAreIgnored() {
        try (Fixture caller = new Fixture(); Fixture callee = new Fixture()) {
            Map<String, String> wire;
            try (ScopeHandle scope = caller.sw.scope("caller").correlationId("order-42").start()) {
                wire = scope.headers();
            }
            try (ScopeHandle handler = callee.sw.scope("handler").parentFromHeaders(wire).start()) {
                assertEquals("order-42", handler.correlationId());
                try (ScopeHandle step = callee.sw.scope("step").start()) {
                    assertEquals("order-42", step.correlationId(), "children inherit it");
                }
            }
            callee.sw.scope("explicit-wins").correlationId("mine").parentFromHeaders(wire).start().close();
            callee.sw.scope("explicit-wins-after").parentFromHeaders(wire).correlationId("mine").start().close();
            callee.sw.beginFromHeaders("begin", Map.of("X-Spanwise-Correlation", "ticket-7")).close();
            callee.sw.scope("reader").parentFromHeaders(name -> name.equals("x-spanwise-correlation") ? "ticket-8" : null).start().close();
            callee.sw.scope("invalid").parentFromHeaders(Map.of("x-spanwise-correlation", "a b")).start().close();

            assertEquals("order-42", callee.span("handler").getCorrelationId());
            assertEquals("mine", callee.span("explicit-wins").getCorrelationId());
            assertEquals("mine", callee.span("explicit-wins-after").getCorrelationId());
            assertEquals("ticket-7", callee.span("begin").getCorrelationId());
            assertEquals("ticket-8", callee.span("reader").getCorrelationId());
            assertNull(callee.span("invalid").getCorrelationId());
        }
    }

    @Test
    void aScopeWhoseParentIsRemoteIsTheLocalRootAndDefaultsToAgent() {
        try (Fixture caller = new Fixture(); Fixture callee = new Fixture()) {
            Map<String, String> wire;
            String callerId;
            try (ScopeHandle scope = caller.sw.scope("caller").start()) {
                wire = scope.headers();
                callerId = scope.id();
            }
            callee.sw.scope("handler").parentFromHeaders(wire).start().close();
            callee.sw.beginFromHeaders("consumer", wire).close();
            callee.sw.begin("by-id", null, callerId).close();
            callee.sw.scope("by-builder-id").parentScopeId(callerId).start().close();
            try (ScopeHandle local = callee.sw.scope("local").start()) {
                callee.sw.scope("nested-remote").parentFromHeaders(wire).start().close();
                callee.sw.scope("local-child").start().close();
            }
            for (String name : new String[] {"handler", "consumer", "by-id", "by-builder-id", "nested-remote"}) {
                assertEquals(ScopeKind.AGENT, callee.span(name).getKind(), name);
                assertTrue(callee.span(name).getParentIsRemote(), name);
            }
            assertEquals(ScopeKind.CHAIN, callee.span("local-child").getKind());
            callee.sw.scope("chosen").kind(ScopeKind.TOOL).parentFromHeaders(wire).start().close();
            assertEquals(ScopeKind.TOOL, callee.span("chosen").getKind());
        }
    }
}
