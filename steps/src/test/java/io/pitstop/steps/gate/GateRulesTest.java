package io.pitstop.steps.gate;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each rule of the gate, passing and failing, on hand-made metrics. */
class GateRulesTest {

    static final GateStep.Params PARAMS = new GateStep.Params(Map.of("auc", 0.75), Map.of("log_loss", 0.6),
            Map.of("auc", 0.02, "log_loss", 0.05));

    GateReport evaluate(Map<String, Double> challenger, Map<String, Double> champion, boolean dataValid) {
        return new GateRules(PARAMS).evaluate(challenger, champion, champion == null ? "none" : "churn 1.0.0", dataValid);
    }

    @Test
    void aFirstModelIsJudgedByFloorsAndCeilingsOnly() {
        GateReport report = evaluate(Map.of("auc", 0.80, "log_loss", 0.45), null, true);
        assertTrue(report.passed());
        assertEquals("all rules passed", report.decidedBy());
        assertTrue(report.rules().stream().noneMatch(r -> r.rule().equals("max_regression")));
    }

    @Test
    void aRegressionBeyondTheAllowanceSaysNoEvenAboveTheFloor() {
        GateReport report = evaluate(Map.of("auc", 0.80, "log_loss", 0.45), Map.of("auc", 0.83, "log_loss", 0.44), true);
        assertFalse(report.passed());
        assertEquals("max_regression:auc", report.decidedBy());
        var rule = report.rules().stream().filter(r -> !r.passed()).findFirst().orElseThrow();
        assertEquals(0.83, rule.champion());
        assertEquals(0.80, rule.challenger());
        assertEquals(0.02, rule.limit());
    }

    @Test
    void aRegressionWithinTheAllowancePasses() {
        assertTrue(evaluate(Map.of("auc", 0.82, "log_loss", 0.46), Map.of("auc", 0.83, "log_loss", 0.44), true).passed());
    }

    @Test
    void forLossesAnIncreaseIsTheRegression() {
        GateReport report = evaluate(Map.of("auc", 0.84, "log_loss", 0.55), Map.of("auc", 0.83, "log_loss", 0.44), true);
        assertEquals("max_regression:log_loss", report.decidedBy());
    }

    @Test
    void floorsAndCeilingsSayNo() {
        assertEquals("floor:auc", evaluate(Map.of("auc", 0.70, "log_loss", 0.45), null, true).decidedBy());
        assertEquals("ceiling:log_loss", evaluate(Map.of("auc", 0.80, "log_loss", 0.65), null, true).decidedBy());
    }

    @Test
    void failedDataValidationDecidesFirst() {
        assertEquals("data_validation:validation", evaluate(Map.of("auc", 0.70, "log_loss", 0.45), null, false).decidedBy());
    }

    @Test
    void aMetricTheEvaluationLacksIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> evaluate(Map.of("log_loss", 0.4), null, true));
        assertTrue(e.getMessage().contains("'auc'"), e.getMessage());
    }

    @Test
    void aGateWithoutFloorsOrCeilingsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GateStep.Params(null, null, Map.of("auc", 0.01)));
    }
}
