package io.pitstop.steps.gate;

import io.pitstop.steps.artifact.GateReport;
import io.pitstop.steps.artifact.GateRule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    // Relative regression: the allowance is a fraction of the champion's value.

    static final GateStep.Params RELATIVE = new GateStep.Params(Map.of("auc", 0.5), null, null,
            Map.of("auc", 0.05, "log_loss", 0.10), null, null);

    @Test
    void aRelativeRegressionWithinItsFractionPasses() {
        // 0.80 -> 0.77 loses 3.75% of the champion's AUC; log-loss 0.40 -> 0.43 is 7.5% worse.
        GateReport report = new GateRules(RELATIVE).evaluate(Map.of("auc", 0.77, "log_loss", 0.43),
                Map.of("auc", 0.80, "log_loss", 0.40), "churn 1.0.0", true);
        assertTrue(report.passed(), report.toString());
    }

    @Test
    void aRelativeRegressionBeyondItsFractionSaysNoAndShowsBothValues() {
        GateReport report = new GateRules(RELATIVE).evaluate(Map.of("auc", 0.80, "log_loss", 0.45),
                Map.of("auc", 0.80, "log_loss", 0.40), "churn 1.0.0", true);
        assertEquals("max_relative_regression:log_loss", report.decidedBy());
        GateRule rule = failed(report);
        assertEquals(0.45, rule.challenger());
        assertEquals(0.40, rule.champion());
        assertEquals(0.10, rule.limit());
        assertTrue(rule.explanation().contains("12.50%"), rule.explanation());
    }

    @Test
    void aRelativeRuleIsNotAppliedToAFirstModel() {
        GateReport report = new GateRules(RELATIVE).evaluate(Map.of("auc", 0.6, "log_loss", 0.9), null, "none", true);
        assertTrue(report.passed());
        assertTrue(report.rules().stream().noneMatch(r -> r.rule().equals("max_relative_regression")));
    }

    @Test
    void aNegativeRelativeAllowanceIsRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> new GateStep.Params(Map.of("auc", 0.5), null, null,
                Map.of("auc", -0.01), null, null));
        assertTrue(e.getMessage().contains("max_relative_regression.auc"), e.getMessage());
    }

    // Slices: no segment may regress beyond its allowance, even when the total holds.

    static final GateStep.Params SLICED = new GateStep.Params(Map.of("auc", 0.5), null, Map.of("auc", 0.02), null,
            new SliceLimits(List.of("contract"), Map.of("auc", 0.05), 100), null);

    static ModelEvidence sliced(double auc, double monthly, double yearly, long yearlyRows) {
        return new ModelEvidence(Map.of("auc", auc), Map.of("contract", new TreeMap<>(Map.of(
                "Month-to-month", new ModelEvidence.Segment(800, Map.of("auc", monthly)),
                "One year", new ModelEvidence.Segment(yearlyRows, Map.of("auc", yearly))))), -1, Double.NaN);
    }

    @Test
    void aSegmentThatRegressesBeyondItsLimitSaysNoWhileTheTotalHolds() {
        GateReport report = new GateRules(SLICED).evaluate(sliced(0.84, 0.83, 0.70, 300), sliced(0.84, 0.82, 0.80, 300),
                "churn 1.0.0", true);
        assertFalse(report.passed());
        assertEquals("slice_regression:auc[contract=One year]", report.decidedBy());
        GateRule rule = failed(report);
        assertEquals(0.70, rule.challenger());
        assertEquals(0.80, rule.champion());
        assertEquals(0.05, rule.limit());
    }

    @Test
    void segmentsWithinTheirLimitsPass() {
        GateReport report = new GateRules(SLICED).evaluate(sliced(0.84, 0.83, 0.77, 300), sliced(0.84, 0.82, 0.80, 300),
                "churn 1.0.0", true);
        assertTrue(report.passed(), report.toString());
        assertEquals(2, report.rules().stream().filter(r -> r.rule().equals("slice_regression")).count());
        assertEquals(List.of(), report.notJudged());
    }

    @Test
    void aSegmentSmallerThanMinRowsIsListedAsNotJudgedInsteadOfDeciding() {
        GateReport report = new GateRules(SLICED).evaluate(sliced(0.84, 0.83, 0.40, 30), sliced(0.84, 0.82, 0.80, 30),
                "churn 1.0.0", true);
        assertTrue(report.passed(), report.toString());
        assertEquals(List.of("contract=One year: 30 test rows, fewer than min_rows 100"), report.notJudged());
    }

    @Test
    void anUndefinedSegmentMetricIsListedAsNotJudged() {
        GateReport report = new GateRules(SLICED).evaluate(sliced(0.84, 0.83, Double.NaN, 300),
                sliced(0.84, 0.82, 0.80, 300), "churn 1.0.0", true);
        assertTrue(report.passed());
        assertEquals(List.of("contract=One year: auc is undefined on this segment"), report.notJudged());
    }

    @Test
    void sliceLimitsWithoutColumnsOrMetricsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SliceLimits(List.of(), Map.of("auc", 0.05), null));
        assertThrows(IllegalArgumentException.class, () -> new SliceLimits(List.of("contract"), Map.of(), null));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new SliceLimits(List.of("contract"), Map.of("auc", 0.05), 0));
        assertTrue(e.getMessage().contains("slices.min_rows"), e.getMessage());
        assertEquals(SliceLimits.DEFAULT_MIN_ROWS, new SliceLimits(List.of("contract"), Map.of("auc", 0.05), null).minRows());
    }

    // Budgets: size and latency, whatever the metrics.

    static final GateStep.Params BUDGETED = new GateStep.Params(Map.of("auc", 0.5), null, null, null, null,
            new Budgets(1_000_000L, 20.0));

    static ModelEvidence costing(long bytes, double ms) {
        return new ModelEvidence(Map.of("auc", 0.8), Map.of(), bytes, ms);
    }

    @Test
    void aModelOverItsSizeBudgetSaysNoEvenForAFirstModel() {
        GateReport report = new GateRules(BUDGETED).evaluate(costing(1_500_000, 5), null, "none", true);
        assertEquals("budget:model_bytes", report.decidedBy());
        assertEquals(1_500_000, failed(report).challenger());
        assertEquals(1_000_000, failed(report).limit());
    }

    @Test
    void aModelOverItsLatencyBudgetSaysNoAndShowsTheChampionsLatency() {
        GateReport report = new GateRules(BUDGETED).evaluate(costing(500_000, 35), costing(400_000, 12), "churn 1.0.0", true);
        assertEquals("budget:ms_per_1k_rows", report.decidedBy());
        assertEquals(12, failed(report).champion());
    }

    @Test
    void aModelWithinBothBudgetsPasses() {
        assertTrue(new GateRules(BUDGETED).evaluate(costing(999_999, 19.9), null, "none", true).passed());
    }

    @Test
    void budgetsMustBePositiveAndNotEmpty() {
        assertThrows(IllegalArgumentException.class, () -> new Budgets(null, null));
        var e = assertThrows(IllegalArgumentException.class, () -> new Budgets(0L, null));
        assertTrue(e.getMessage().contains("budgets.max_model_bytes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Budgets(null, -1.0));
        assertTrue(e.getMessage().contains("budgets.max_scoring_ms_per_thousand_rows"), e.getMessage());
    }

    @Test
    void theRenderedReportNamesEveryRuleAndWhatWasNotJudged() {
        GateReport report = new GateRules(SLICED).evaluate(sliced(0.84, 0.83, 0.40, 30), sliced(0.84, 0.82, 0.80, 30),
                "churn 1.0.0", true);
        String text = GateStep.render(report);
        assertTrue(text.contains("slice_regression"), text);
        assertTrue(text.contains("auc[contract=Month-to-month]"), text);
        assertTrue(text.contains("not judged: contract=One year"), text);
        assertTrue(text.endsWith("decided by: all rules passed"), text);
    }

    static final GateStep.Params FAIR = new GateStep.Params(Map.of("auc", 0.5), null, null, null, null, null,
            new FairnessLimits(0.1, 0.1, Map.of("tpr", 0.05)));

    /** A model whose groups of {@code female} have these positive rates and TPRs; {@code "2"} is one judged group only. */
    private static ModelEvidence grouped(double rate0, double rate1, double tpr0, double tpr1, boolean oneGroup) {
        var groups = new TreeMap<String, java.util.SortedMap<String, Double>>();
        groups.put("0", new TreeMap<>(Map.of("count", 200.0, "positive_rate", rate0, "tpr", tpr0)));
        if (!oneGroup) groups.put("1", new TreeMap<>(Map.of("count", 200.0, "positive_rate", rate1, "tpr", tpr1)));
        var gaps = new TreeMap<String, io.pitstop.steps.metrics.ProtectedGroups.Gap>();
        for (String gap : List.of(io.pitstop.steps.metrics.ProtectedGroups.DEMOGRAPHIC_PARITY,
                io.pitstop.steps.metrics.ProtectedGroups.EQUAL_OPPORTUNITY)) {
            String metric = io.pitstop.steps.metrics.ProtectedGroups.metricOf(gap);
            if (oneGroup) continue;
            double a = groups.get("0").get(metric), b = groups.get("1").get(metric);
            gaps.put(gap, a >= b ? new io.pitstop.steps.metrics.ProtectedGroups.Gap(a - b, "0", a, "1", b)
                    : new io.pitstop.steps.metrics.ProtectedGroups.Gap(b - a, "1", b, "0", a));
        }
        var notJudged = new TreeMap<String, io.pitstop.steps.metrics.ProtectedGroups.NotJudged>(Map.of("<null>",
                new io.pitstop.steps.metrics.ProtectedGroups.NotJudged(3, "3 test rows, fewer than min_group_rows 30")));
        var female = new io.pitstop.steps.metrics.ProtectedGroups(30, 20, groups, gaps, notJudged, null);
        return new ModelEvidence(Map.of("auc", 0.8), Map.of(), -1, Double.NaN, Map.of("female", female));
    }

    @Test
    void aParityGapBeyondTheLimitSaysNoNamingTheColumnTheGroupsAndTheValuesWithoutAChampion() {
        GateReport report = new GateRules(FAIR).evaluate(grouped(0.30, 0.10, 0.6, 0.58, false), null, "none", true);
        assertFalse(report.passed());
        assertEquals("demographic_parity:positive_rate[female]", report.decidedBy());
        GateRule rule = failed(report);
        assertEquals("female", rule.column());
        assertEquals(List.of("0", "1"), rule.groups());
        assertEquals(0.2, rule.challenger(), 1e-12);
        assertEquals("positive rate differs by 0.2000 across the groups of female: female=0 0.3000 vs female=1 0.1000;"
                + " allowed 0.1000", rule.explanation());
        assertTrue(report.notJudged().contains("female=<null>: 3 test rows, fewer than min_group_rows 30"), report.notJudged().toString());
        // Equal opportunity holds (0.02 apart), and with no champion no group is judged against one.
        assertTrue(report.rules().stream().anyMatch(r -> r.rule().equals("equal_opportunity") && r.passed()));
        assertTrue(report.rules().stream().noneMatch(r -> r.rule().equals("group_regression")));
    }

    @Test
    void aGroupsLossAgainstTheChampionBeyondTheAllowanceSaysNo() {
        GateReport report = new GateRules(FAIR).evaluate(grouped(0.20, 0.20, 0.50, 0.60, false),
                grouped(0.20, 0.20, 0.60, 0.60, false), "churn 1.0.0", true);
        // Both gaps hold; the TPR of group 0 fell by 0.10 against the champion's.
        assertEquals("group_regression:tpr[female=0]", report.decidedBy(), report.rules().toString());
        assertEquals(List.of("0"), failed(report).groups());
        assertEquals(0.6, failed(report).champion());
    }

    @Test
    void aGapOfOneJudgedGroupIsNotJudgedAndLimitsWithoutMeasuredGroupsAreTheFilesToFix() {
        GateReport report = new GateRules(FAIR).evaluate(grouped(0.9, 0, 0.9, 0, true), null, "none", true);
        assertTrue(report.passed(), report.rules().toString());
        assertTrue(report.notJudged().contains("female: demographic_parity_difference is undefined: fewer than two"
                + " judged groups with a positive rate"), report.notJudged().toString());

        var e = assertThrows(io.pitstop.engine.step.InvalidParameterException.class, () -> new GateRules(FAIR)
                .evaluate(ModelEvidence.ofMetrics(Map.of("auc", 0.8)), null, "none", true));
        assertTrue(e.getMessage().contains("add fairness.protected_columns to the evaluate step"), e.getMessage());
    }

    @Test
    void fairnessLimitsOutsideTheirRangeAreAllRefusedAtOnce() {
        var e = assertThrows(IllegalArgumentException.class, () -> new FairnessLimits(1.5, -0.1, Map.of("tpr", -1.0)));
        assertTrue(e.getMessage().contains("max_demographic_parity_difference is 1.5, outside the range of a difference"
                + " of rates [0, 1]"), e.getMessage());
        assertTrue(e.getMessage().contains("max_equal_opportunity_difference is -0.1"), e.getMessage());
        assertTrue(e.getMessage().contains("max_group_regression.tpr must be >= 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FairnessLimits(null, null, null));
    }

    private static GateRule failed(GateReport report) {
        return report.rules().stream().filter(r -> !r.passed()).findFirst().orElseThrow();
    }

    private static io.pitstop.engine.policy.VersionComparison canaryAgainstChampion(long judged, double championAuc,
                                                                                   double canaryAuc) {
        return canaryAgainstChampion(judged, judged / 4, championAuc, canaryAuc, 30);
    }

    private static io.pitstop.engine.policy.VersionComparison canaryAgainstChampion(long judged, long positives,
            double championAuc, double canaryAuc, long minPerClass) {
        var groups = new java.util.ArrayList<io.pitstop.engine.artifact.RealisedPerformance.Group>();
        for (var v : List.of(Map.entry("1.0.0", championAuc), Map.entry("1.1.0", canaryAuc))) {
            groups.add(new io.pitstop.engine.artifact.RealisedPerformance.Group(v.getKey(), null, null, null, null, judged,
                    10, positives, new io.pitstop.engine.artifact.RealisedPerformance.Estimate(v.getValue(), Double.NaN,
                    Double.NaN, "hanley_mcneil"), 0.5, 0.5, new io.pitstop.engine.artifact.RealisedPerformance.Estimate(
                    0.25, Double.NaN, Double.NaN, "wilson"), new io.pitstop.engine.artifact.RealisedPerformance.Estimate(
                    0.3, Double.NaN, Double.NaN, "wilson"), 0.27, List.of()));
        }
        var report = new io.pitstop.engine.artifact.RealisedPerformance(1, "churn", "Yes", "t", "o", 1, judged * 2,
                java.time.Instant.parse("2026-12-01T00:00:00Z"), 0, List.of(), groups, List.of(), List.of());
        return io.pitstop.engine.policy.VersionComparison.of(report, "1.0.0", "1.1.0", 200, minPerClass, 0.05, 0.02);
    }

    /**
     * A canary's realised evidence as promotion evidence: enough judged outcomes of each class, and shown no worse
     * than the champion within the margin. A level canary on 400 judged is not yet shown no worse within 0.02.
     */
    @Test
    void theCanaryRulePassesOnlyWhenShownNoWorseWithinTheMargin() {
        var rules = new GateRules(PARAMS);
        Map<String, Double> ok = Map.of("auc", 0.82, "log_loss", 0.46);
        Map<String, Double> champion = Map.of("auc", 0.83, "log_loss", 0.44);

        GateReport shown = rules.evaluate(ModelEvidence.ofMetrics(ok), ModelEvidence.ofMetrics(champion), "churn 1.0.0",
                true, GateRules.canaryRule(canaryAgainstChampion(8000, 0.80, 0.81)));
        assertTrue(shown.passed(), shown.toString());
        GateRule canary = shown.rules().get(shown.rules().size() - 1);
        assertEquals("canary", canary.rule());
        assertEquals(0.02, canary.limit());
        // Upper 95% bound of 0.80 - 0.81 with standard error 0.0088624 (computed independently): 0.0045773.
        assertTrue(canary.explanation().startsWith("the canary 1.1.0 is no worse than the champion 1.0.0 within margin"
                + " 0.02 (8000 and 8000 judged): no significant difference"), canary.explanation());
        assertTrue(canary.explanation().endsWith("upper 95% bound 0.0046 < margin 0.0200: no worse than 1.0.0"),
                canary.explanation());

        GateReport level = rules.evaluate(ModelEvidence.ofMetrics(ok), ModelEvidence.ofMetrics(champion), "churn 1.0.0",
                true, GateRules.canaryRule(canaryAgainstChampion(400, 0.80, 0.79)));
        assertFalse(level.passed(), "no significant difference on 400 judged is not evidence of no worse");
        assertTrue(failed(level).explanation().startsWith("the canary 1.1.0 is not shown to be no worse than the"
                + " champion 1.0.0 within margin 0.02: no significant difference"), failed(level).explanation());

        GateReport worse = rules.evaluate(ModelEvidence.ofMetrics(ok), ModelEvidence.ofMetrics(champion), "churn 1.0.0",
                true, GateRules.canaryRule(canaryAgainstChampion(400, 0.85, 0.70)));
        assertFalse(worse.passed());
        assertEquals("canary:realised_auc", worse.decidedBy());
        assertTrue(failed(worse).explanation().startsWith("the canary 1.1.0 is not shown to be no worse than the"
                + " champion 1.0.0 within margin 0.02: 1.0.0 has the higher realised AUC"), failed(worse).explanation());

        GateReport early = rules.evaluate(ModelEvidence.ofMetrics(ok), ModelEvidence.ofMetrics(champion), "churn 1.0.0",
                true, GateRules.canaryRule(canaryAgainstChampion(120, 0.70, 0.90)));
        assertFalse(early.passed(), "a better-looking canary on 120 outcomes is not yet evidence");
        assertTrue(failed(early).explanation().startsWith("not enough evidence yet: no"
                + " winner called: 1.0.0 has 120 judged outcome(s) and 1.1.0 120; at least 200 each are needed"));

        GateReport never = rules.evaluate(ModelEvidence.ofMetrics(ok), ModelEvidence.ofMetrics(champion), "churn 1.0.0",
                true, GateRules.canaryMissing("no registered version of churn holds this model"));
        assertFalse(never.passed());
        assertEquals("canary:realised_auc", never.decidedBy());

        var bad = assertThrows(io.pitstop.engine.step.InvalidParameterException.class,
                () -> new CanaryLimits(0L, 0L, -0.1, 1.2));
        assertTrue(bad.getMessage().contains("canary.min_judged must be at least 1, was 0")
                && bad.getMessage().contains("canary.min_per_class must be at least 1, was 0")
                && bad.getMessage().contains("canary.margin must be in [0, 1), was -0.1")
                && bad.getMessage().contains("canary.alpha must be in (0, 1), was 1.2"), bad.getMessage());
        var defaults = new CanaryLimits(null, null, null, null);
        assertEquals(30L, defaults.minPerClass());
        assertEquals(0.02, defaults.margin());
    }

    /**
     * The review's case: a 2% positive rate, 200 judged per arm (4 positives each), champion AUC 0.85, canary 0.65.
     * The Hanley-McNeil standard errors are 0.122 and 0.151, the two-sided p about 0.30: "no significant
     * difference", which the old rule took for a pass on a model 0.20 AUC worse.
     */
    @Test
    void aRarePositiveCanaryMuchWorseThanTheChampionFailsTheGate() {
        var rules = new GateRules(PARAMS);
        Map<String, Double> ok = Map.of("auc", 0.82, "log_loss", 0.46);
        Map<String, Double> champion = Map.of("auc", 0.83, "log_loss", 0.44);

        GateReport report = rules.evaluate(ModelEvidence.ofMetrics(ok), ModelEvidence.ofMetrics(champion),
                "churn 1.0.0", true, GateRules.canaryRule(canaryAgainstChampion(200, 4, 0.85, 0.65, 30)));
        assertFalse(report.passed());
        assertEquals("canary:realised_auc", report.decidedBy());
        assertEquals("not enough evidence yet: no winner called: 1.0.0 has 4 positive(s) and 196 negative(s) among its"
                + " 200 judged outcomes; at least 30 of each class are needed per version", failed(report).explanation());

        // Even with the per-class minimum waived, the non-inferiority test refuses it where the two-sided test did not.
        var waived = canaryAgainstChampion(200, 4, 0.85, 0.65, 1);
        assertEquals(io.pitstop.engine.policy.VersionComparison.Verdict.NO_SIGNIFICANT_DIFFERENCE, waived.verdict());
        assertEquals(0.3023669617533379, waived.auc().pValue(), 1e-6);
        assertEquals(0.5189645477055271, waived.nonInferiority().upperBound(), 1e-6);
        GateReport still = rules.evaluate(ModelEvidence.ofMetrics(ok), ModelEvidence.ofMetrics(champion),
                "churn 1.0.0", true, GateRules.canaryRule(waived));
        assertFalse(still.passed(), still.toString());
    }
}
