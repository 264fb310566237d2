package dev.spanwise.tracing.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spanwise.tracing.scope.CurrentThreadScope;
import dev.spanwise.tracing.model.SpanStatus;
import dev.spanwise.tracing.model.SpanData;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** {@code throw scope.fail(e)}: an exception escaping a try-with-resources block is recorded in one line. */
class TryWithResourcesFailureTest {

    private static String runAgent(Fixture f, RuntimeException toThrow) {
        try (ScopeHandle agent = f.sw.scope("agent").start()) {
            try {
                if (toThrow != null) throw toThrow;
                return "answer";
            } catch (RuntimeException e) {
                throw agent.fail(e);
            }
        }
    }

    @Test
    void theEscapingExceptionIsRecordedAndRethrownAsTheSameInstance() {
        try (Fixture f = new Fixture()) {
            IllegalStateException boom = new IllegalStateException("quota exceeded");
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> runAgent(f, boom));
            assertSame(boom, thrown);
            assertNull(CurrentThreadScope.get());
            SpanData agent = f.span("agent");
            assertEquals(SpanStatus.ERROR, agent.getStatus());
            assertEquals(IllegalStateException.class.getName(), agent.getError().getType());
            assertEquals("quota exceeded", agent.getError().getMessage());
            assertEquals(0, f.sw.scopeMisuse().total(), "fail then close is the intended pattern");
        }
    }

    @Test
    void withoutAnExceptionTheScopeEndsOk() {
        try (Fixture f = new Fixture()) {
            assertEquals("answer", runAgent(f, null));
            assertEquals(SpanStatus.OK, f.span("agent").getStatus());
        }
    }

    @Test
    void aCancellationEndsTheScopeCancelled() {
        try (Fixture f = new Fixture()) {
            CancellationException cancelled = new CancellationException("caller gave up");
            assertSame(cancelled, assertThrows(CancellationException.class, () -> runAgent(f, cancelled)));
            SpanData agent = f.span("agent");
            assertEquals(SpanStatus.CANCELLED, agent.getStatus());
            assertNull(agent.getError());
        }
    }

    @Test
    void checkedExceptionsKeepTheirTypeWithoutACast() {
        try (Fixture f = new Fixture()) {
            IOException io = new IOException("connection reset");
            IOException thrown = assertThrows(IOException.class, () -> {
                try (ScopeHandle call = f.sw.scope("fetch").start()) {
                    try {
                        throw io;
                    } catch (IOException e) {
                        throw call.fail(e);
                    }
                }
            });
            assertSame(io, thrown);
            assertEquals(SpanStatus.ERROR, f.span("fetch").getStatus());
        }
    }

    @Test
    void failInACatchAfterTheResourceClosedRecordsNothingAndIsCounted() {
        try (Fixture f = new Fixture()) {
            ScopeHandle agent = f.sw.scope("agent").start();
            IllegalStateException boom = new IllegalStateException("late");
            try (agent) {
                throw boom;
            } catch (IllegalStateException e) {
                assertSame(boom, agent.fail(e)); // too late: the scope closed before this catch ran
            }
            assertEquals(SpanStatus.OK, f.span("agent").getStatus());
            assertEquals(1, f.sw.scopeMisuse().repeatedCloses());
        }
    }

    @Test
    void failOfNullIsIgnored() {
        try (Fixture f = new Fixture()) {
            try (ScopeHandle s = f.sw.scope("s").start()) {
                assertNull(s.fail(null));
            }
            assertEquals(SpanStatus.OK, f.span("s").getStatus());
        }
    }

    @Test
    void anLlmCallHandleHasTheSameOneLiner() {
        try (Fixture f = new Fixture()) {
            IOException timeout = new IOException("read timed out");
            IOException thrown = assertThrows(IOException.class, () -> {
                try (LlmCallHandle call = f.sw.llm("answer").provider("openai").model("gpt-4o").start()) {
                    try {
                        throw timeout;
                    } catch (IOException e) {
                        throw call.fail(e);
                    }
                }
            });
            assertSame(timeout, thrown);
            SpanData answer = f.span("answer");
            assertEquals(SpanStatus.ERROR, answer.getStatus());
            assertEquals("read timed out", answer.getError().getMessage());
        }
    }
}
