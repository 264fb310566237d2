package dev.spanwise.tracing.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spanwise.tracing.model.ScopeKind;
import dev.spanwise.tracing.model.SpanData;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScoreTest {
    private static List<SpanData> evaluations(List<SpanData> spans) {
        return spans.stream().filter(s -> s.getKind() == ScopeKind.EVALUATION).collect(Collectors.toList());
    }

    @Test
    void scopeHandleScoresAreEvaluationSpansUnderTheScope() {
        try (Fixture f = new Fixture()) {
            String agentId;
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                agentId = agent.id();
                assertSame(agent, agent.score("helpfulness", 0.9));
                agent.score("relevance", 4.0, "on topic")
                    .score("correct", true)
                    .score("resolved", false, "needed a human")
                    .score("tone", "friendly")
                    .score("style", "terse", null);
            }
            SpanData agent = f.span("agent");
            List<SpanData> scores = evaluations(f.exported());
            assertEquals(6, scores.size());
            for (SpanData s : scores) {
                assertEquals(agent.getSpanId(), s.getParentSpanId());
                assertEquals(agentId, s.getAttributes().get("spanwise.score.target"));
                assertEquals(0L, s.getDurationNanos());
            }
            SpanData relevance = f.spans.single("evaluation relevance");
            assertEquals(4.0, relevance.getAttributes().get("gen_ai.evaluation.score.value"));
            assertEquals("on topic", relevance.getAttributes().get("gen_ai.evaluation.explanation"));
            SpanData resolved = f.spans.single("evaluation resolved");
            assertEquals(0.0, resolved.getAttributes().get("gen_ai.evaluation.score.value"));
            assertEquals("false", resolved.getAttributes().get("gen_ai.evaluation.score.label"));
            SpanData tone = f.spans.single("evaluation tone");
            assertEquals("friendly", tone.getAttributes().get("gen_ai.evaluation.score.label"));
            assertEquals("categorical", tone.getAttributes().get("spanwise.score.type"));
            assertNull(tone.getAttributes().get("gen_ai.evaluation.score.value"));
        }
    }

    @Test
    void spanwiseScoreByScopeIdLinksToTheScopeFromAnotherInstance() {
        String scopeId;
        try (Fixture agentSide = new Fixture()) {
            try (ScopeHandle agent = agentSide.sw.scope("agent").start()) {
                scopeId = agent.id();
            }
        }
        try (Fixture feedback = new Fixture()) {
            feedback.sw.score(scopeId, "thumbs-up", true);
            feedback.sw.score(scopeId, "helpfulness", 0.25, "the refund amount was wrong");
            feedback.sw.score(scopeId, "rating", "bad");
            feedback.sw.score(scopeId, "rating-2", "good", null);
            feedback.sw.score(scopeId, "stars", 4.0);
            feedback.sw.score(scopeId, "accepted", false, "rejected");
            List<SpanData> scores = evaluations(feedback.exported());
            assertEquals(6, scores.size());
            for (SpanData s : scores) {
                assertEquals(scopeId, s.getParentScopeId());
                assertTrue(s.getParentIsRemote());
            }
            assertEquals("the refund amount was wrong",
                feedback.spans.single("evaluation helpfulness").getAttributes().get("gen_ai.evaluation.explanation"));
        }
    }

    @Test
    void spanwiseScoreTraceRecordsARootInThatTrace() {
        try (Fixture f = new Fixture()) {
            String traceId;
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                traceId = agent.traceId();
            }
            f.sw.scoreTrace(traceId, "csat", 5.0);
            f.sw.scoreTrace(traceId, "nps", 9.0, "survey");
            f.sw.scoreTrace(traceId, "resolved", true);
            f.sw.scoreTrace(traceId, "escalated", false, null);
            f.sw.scoreTrace(traceId, "outcome", "refund");
            f.sw.scoreTrace(traceId, "channel", "chat", "from the widget");
            List<SpanData> scores = evaluations(f.exported());
            assertEquals(6, scores.size());
            for (SpanData s : scores) {
                assertEquals(traceId, s.getTraceIdHex());
                assertEquals(0L, s.getParentSpanId());
                assertEquals(traceId, s.getAttributes().get("spanwise.score.target"));
            }
        }
    }

    @Test
    void invalidScoresAreIgnoredWithoutThrowing() {
        try (Fixture f = new Fixture()) {
            try (ScopeHandle agent = f.sw.scope("agent").start()) {
                agent.score(null, 1.0).score("", true).score("nan", Double.NaN).score("label", (String) null);
            }
            f.sw.score(null, "x", 1.0);
            f.sw.score("not-an-id", "x", true);
            f.sw.scoreTrace(null, "x", "label");
            f.sw.scoreTrace("abc", "x", 1.0, "comment");
            assertEquals(0, evaluations(f.exported()).size());
        }
    }

    @Test
    void scoresOnADisabledInstanceDoNothing() {
        Spanwise disabled = Spanwise.builder().enabled(false).build();
        try (ScopeHandle scope = disabled.scope("agent").start()) {
            scope.score("x", 1.0, "c");
        }
        disabled.score("0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331", "x", 1.0);
        disabled.scoreTrace("0af7651916cd43dd8448eb211c80319c", "x", "y");
        disabled.close();
    }
}
