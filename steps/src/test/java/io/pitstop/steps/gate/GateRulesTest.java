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
    void theTasksErrorMetricsRegressUpwardAndTheirScoresDownward() {
        var params = new GateStep.Params(Map.of("r2", 0.5, "macro_f1", 0.4), Map.of("rmse", 10.0, "mae", 8.0),
                Map.of("rmse", 0.5, "mae", 0.5, "r2", 0.01, "macro_f1", 0.01));
        var rules = new GateRules(params);
        Map<String, Double> champion = Map.of("rmse", 5.0, "mae", 4.0, "r2", 0.90, "macro_f1", 0.70);
        // A lower RMSE and MAE is an improvement, however large.
        assertTrue(rules.evaluate(Map.of("rmse", 3.0, "mae", 2.0, "r2", 0.95, "macro_f1", 0.75), champion, "c", true).passed());
        assertEquals("max_regression:rmse", rules.evaluate(
                Map.of("rmse", 5.6, "mae", 4.0, "r2", 0.90, "macro_f1", 0.70), champion, "c", true).decidedBy());
        assertEquals("max_regression:r2", rules.evaluate(
                Map.of("rmse", 5.0, "mae", 4.0, "r2", 0.85, "macro_f1", 0.70), champion, "c", true).decidedBy());
        assertEquals("max_regression:macro_f1", rules.evaluate(
                Map.of("rmse", 5.0, "mae", 4.0, "r2", 0.90, "macro_f1", 0.60), champion, "c", true).decidedBy());
        assertEquals("ceiling:rmse", rules.evaluate(
                Map.of("rmse", 11.0, "mae", 4.0, "r2", 0.90, "macro_f1", 0.70), null, "none", true).decidedBy());
    }

    @Test
    void aFloorOnAnErrorOrACeilingOnAScoreIsRefusedByName() {
        var floor = assertThrows(IllegalArgumentException.class,
                () -> new GateStep.Params(Map.of("mae", 3.0), null, null));
        assertTrue(floor.getMessage().startsWith("floors.mae: mae is lower-is-better"), floor.getMessage());
        var ceiling = assertThrows(IllegalArgumentException.class,
                () -> new GateStep.Params(Map.of("auc", 0.7), Map.of("macro_f1", 0.9), null));
        assertTrue(ceiling.getMessage().startsWith("ceilings.macro_f1: macro_f1 is higher-is-better"), ceiling.getMessage());
        // Metrics without a direction (counts, baselines) may be bounded either way.
        new GateStep.Params(Map.of("count", 100.0), Map.of("majority_rate", 0.9), null);
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
