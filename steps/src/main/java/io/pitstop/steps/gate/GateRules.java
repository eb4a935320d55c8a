package io.pitstop.steps.gate;

import io.pitstop.steps.artifact.GateReport;
import io.pitstop.steps.artifact.GateRule;
import io.pitstop.steps.metrics.MetricDirection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Applies declared thresholds to a challenger's evidence and, when a production model exists, to
 * the champion's evidence from the same evaluation data. Pure: no Spark, no files.
 */
public final class GateRules {

    private final GateStep.Params params;

    public GateRules(GateStep.Params params) {
        this.params = params;
    }

    /** Metrics only: for gates that declare no slices and no budgets. */
    public GateReport evaluate(Map<String, Double> challenger, Map<String, Double> champion, String championName,
                               boolean dataValid) {
        return evaluate(ModelEvidence.ofMetrics(challenger), champion == null ? null : ModelEvidence.ofMetrics(champion),
                championName, dataValid);
    }

    public GateReport evaluate(ModelEvidence challenger, ModelEvidence champion, String championName, boolean dataValid) {
        return evaluate(challenger, champion, championName, dataValid, null);
    }

    /** With the canary rule the gate worked out ({@link #canaryRule}, {@link #canaryMissing}); null: none declared. */
    public GateReport evaluate(ModelEvidence challenger, ModelEvidence champion, String championName, boolean dataValid,
                               GateRule canary) {
        List<GateRule> rules = new ArrayList<>();
        List<String> notJudged = new ArrayList<>();
        rules.add(new GateRule("data_validation", "validation", dataValid ? 1 : 0, Double.NaN, 1, dataValid,
                dataValid ? "the data passed its contract" : "the data failed its contract"));
        Map<String, Double> mine = challenger.metrics();
        Map<String, Double> theirs = champion == null ? null : champion.metrics();
        new TreeMap<>(params.floors()).forEach((metric, floor) -> {
            double v = value(mine, metric);
            boolean ok = v >= floor;
            rules.add(new GateRule("floor", metric, v, champValue(theirs, metric), floor, ok,
                    String.format("%s %.4f %s floor %.4f", metric, v, ok ? ">=" : "<", floor)));
        });
        new TreeMap<>(params.ceilings()).forEach((metric, ceiling) -> {
            double v = value(mine, metric);
            boolean ok = v <= ceiling;
            rules.add(new GateRule("ceiling", metric, v, champValue(theirs, metric), ceiling, ok,
                    String.format("%s %.4f %s ceiling %.4f", metric, v, ok ? "<=" : ">", ceiling)));
        });
        budgets(challenger, champion, rules);
        if (champion != null) {
            new TreeMap<>(params.maxRegression()).forEach((metric, allowed) ->
                    rules.add(regression("max_regression", metric, value(mine, metric), value(theirs, metric), allowed)));
            new TreeMap<>(params.maxRelativeRegression()).forEach((metric, allowed) ->
                    rules.add(relativeRegression(metric, value(mine, metric), value(theirs, metric), allowed)));
            slices(challenger, champion, rules, notJudged);
        }
        // Gaps need no champion: the first model ever is judged by them too.
        if (params.fairness() != null) FairnessRules.apply(params.fairness(), challenger, champion, rules, notJudged);
        if (canary != null) rules.add(canary);
        GateRule decided = rules.stream().filter(r -> !r.passed()).findFirst().orElse(null);
        return new GateReport(decided == null, decided == null ? "all rules passed" : decided.rule() + ":" + decided.metric(),
                championName, rules, notJudged);
    }

    /**
     * The canary (b) against the champion (a), each on its own keys: passes only when both have the judged
     * outcomes, and the positives and negatives, the comparison needs, and the canary is shown no worse: the upper
     * confidence bound of the champion's AUC minus the canary's is below the declared margin. "No significant
     * difference" is not enough: too little evidence shows none. Too few outcomes is a no: the evidence the rule
     * asks for is not there yet.
     */
    public static GateRule canaryRule(io.pitstop.engine.policy.VersionComparison c) {
        var ni = c.nonInferiority();
        boolean enough = c.verdict() != io.pitstop.engine.policy.VersionComparison.Verdict.TOO_FEW_JUDGED;
        if (enough && ni == null) throw new IllegalArgumentException("the canary rule needs a non-inferiority margin");
        boolean passed = enough && ni.holds();
        String outcome = !enough ? "not enough evidence yet: "
                : passed ? "the canary " + c.b().version() + " is no worse than the champion " + c.a().version()
                        + " within margin " + c.margin() + " (" + c.b().judged() + " and " + c.a().judged() + " judged): "
                : "the canary " + c.b().version() + " is not shown to be no worse than the champion "
                        + c.a().version() + " within margin " + c.margin() + ": ";
        return new GateRule("canary", "realised_auc", c.b().auc(), c.a().auc(), c.margin(), passed,
                outcome + c.explanation());
    }

    /** The canary rule when there is nothing to compare: a no, saying why. */
    public static GateRule canaryMissing(String why) {
        return new GateRule("canary", "realised_auc", Double.NaN, Double.NaN, Double.NaN, false, why);
    }

    private void budgets(ModelEvidence challenger, ModelEvidence champion, List<GateRule> rules) {
        Budgets budgets = params.budgets();
        if (budgets == null) return;
        if (budgets.maxModelBytes() != null) {
            long bytes = challenger.modelBytes();
            if (bytes < 0) throw new IllegalArgumentException("the gate has a model-size budget but the model size was not measured");
            boolean ok = bytes <= budgets.maxModelBytes();
            rules.add(new GateRule("budget", "model_bytes", bytes,
                    champion == null || champion.modelBytes() < 0 ? Double.NaN : champion.modelBytes(),
                    budgets.maxModelBytes(), ok, String.format("the model takes %,d bytes; the budget is %,d",
                    bytes, budgets.maxModelBytes())));
        }
        if (budgets.maxScoringMsPerThousandRows() != null) {
            double ms = challenger.scoringMsPer1000Rows();
            if (Double.isNaN(ms)) throw new IllegalArgumentException("the gate has a latency budget but latency was not measured");
            boolean ok = ms <= budgets.maxScoringMsPerThousandRows();
            rules.add(new GateRule("budget", "ms_per_1k_rows", ms,
                    champion == null ? Double.NaN : champion.scoringMsPer1000Rows(), budgets.maxScoringMsPerThousandRows(),
                    ok, String.format("scoring 1,000 rows takes %.2f ms; the budget is %.2f ms", ms,
                    budgets.maxScoringMsPerThousandRows())));
        }
    }

    private void slices(ModelEvidence challenger, ModelEvidence champion, List<GateRule> rules, List<String> notJudged) {
        SliceLimits limits = params.slices();
        if (limits == null) return;
        for (String column : limits.columns()) {
            SortedMap<String, ModelEvidence.Segment> mine = challenger.slices().get(column);
            SortedMap<String, ModelEvidence.Segment> theirs = champion.slices().get(column);
            if (mine == null || theirs == null) {
                throw new io.pitstop.engine.step.InvalidParameterException("slices/columns", "the gate slices by '"
                        + column + "' but no metrics per '" + column + "' were measured (add it to the evaluate step's slices)");
            }
            mine.forEach((value, segment) -> {
                String name = column + "=" + value;
                ModelEvidence.Segment other = theirs.get(value);
                if (segment.rows() < limits.minRows()) {
                    notJudged.add(String.format("%s: %d test rows, fewer than min_rows %d", name, segment.rows(),
                            limits.minRows()));
                    return;
                }
                new TreeMap<>(limits.maxRegression()).forEach((metric, allowed) -> {
                    double v = segment.metrics().getOrDefault(metric, Double.NaN);
                    double c = other == null ? Double.NaN : other.metrics().getOrDefault(metric, Double.NaN);
                    if (Double.isNaN(v) || Double.isNaN(c)) {
                        notJudged.add(name + ": " + metric + " is undefined on this segment");
                        return;
                    }
                    GateRule r = regression("slice_regression", metric + "[" + name + "]", v, c, allowed);
                    rules.add(r);
                });
            });
        }
    }

    private static GateRule regression(String rule, String metric, double v, double c, double allowed) {
        double loss = loss(metric, v, c);
        boolean ok = loss <= allowed + 1e-12;
        return new GateRule(rule, metric, v, c, allowed, ok, String.format(
                "%s regresses by %.4f against the champion (%.4f -> %.4f); allowed %.4f",
                metric, Math.max(loss, 0), c, v, allowed));
    }

    private static GateRule relativeRegression(String metric, double v, double c, double allowed) {
        double loss = loss(metric, v, c);
        // Against a champion at exactly zero any loss is an unbounded relative loss.
        double relative = loss <= 0 ? 0 : c == 0 ? Double.POSITIVE_INFINITY : loss / Math.abs(c);
        boolean ok = relative <= allowed + 1e-12;
        return new GateRule("max_relative_regression", metric, v, c, allowed, ok, String.format(
                "%s regresses by %.2f%% of the champion's value (%.4f -> %.4f); allowed %.2f%%",
                metric, relative * 100, c, v, allowed * 100));
    }

    /** How much worse {@code v} is than {@code c}; negative when better. Strips a slice suffix. */
    private static double loss(String metric, double v, double c) {
        int bracket = metric.indexOf('[');
        String base = bracket < 0 ? metric : metric.substring(0, bracket);
        return MetricDirection.lowerIsBetter(base) ? v - c : c - v;
    }

    private static double value(Map<String, Double> metrics, String metric) {
        Double v = metrics.get(metric);
        if (v == null) {
            // The pipeline names a metric this evaluation does not write: the file's to fix (exit 2), not a crash.
            throw new io.pitstop.engine.step.InvalidParameterException("", "the gate needs metric '" + metric
                    + "' but the evaluation has only " + new TreeMap<>(metrics).keySet());
        }
        return v;
    }

    private static double champValue(Map<String, Double> champion, String metric) {
        return champion == null || !champion.containsKey(metric) ? Double.NaN : champion.get(metric);
    }
}
