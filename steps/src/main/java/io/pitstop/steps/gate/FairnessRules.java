package io.pitstop.steps.gate;

import io.pitstop.steps.artifact.GateRule;
import io.pitstop.steps.metrics.MetricDirection;
import io.pitstop.steps.metrics.ProtectedGroups;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The gate's fairness rules ({@link FairnessLimits}) applied to the protected groups of the challenger's
 * evaluation and, for a group's regression, of the champion measured on the same rows. Each rule names
 * its column and the groups it compared; a group or gap that cannot be judged is listed, not guessed.
 * Pure: no Spark, no files.
 */
final class FairnessRules {

    private FairnessRules() {
    }

    static void apply(FairnessLimits limits, ModelEvidence challenger, ModelEvidence champion, List<GateRule> rules,
                      List<String> notJudged) {
        if (challenger.fairness().isEmpty()) {
            throw new io.pitstop.engine.step.InvalidParameterException("fairness", "the gate has fairness limits but"
                    + " the evaluation measured no protected groups (add fairness.protected_columns to the evaluate step)");
        }
        new TreeMap<>(challenger.fairness()).forEach((column, mine) -> {
            ProtectedGroups theirs = champion == null ? null : champion.fairness().get(column);
            mine.notJudged().forEach((group, why) -> notJudged.add(column + "=" + group + ": " + why.reason()));
            if (mine.unlisted() != null) {
                notJudged.add(String.format("%s: %,d more groups (%,d test rows) not judged", column,
                        mine.unlisted().groups(), mine.unlisted().rows()));
            }
            gap(limits.maxDemographicParityDifference(), "demographic_parity", ProtectedGroups.DEMOGRAPHIC_PARITY,
                    "positive rate", column, mine, theirs, rules, notJudged);
            gap(limits.maxEqualOpportunityDifference(), "equal_opportunity", ProtectedGroups.EQUAL_OPPORTUNITY,
                    "TPR", column, mine, theirs, rules, notJudged);
            if (theirs != null) regressions(limits.maxGroupRegression(), column, mine, theirs, rules, notJudged);
        });
    }

    private static void gap(Double limit, String rule, String gapName, String words, String column, ProtectedGroups mine,
                            ProtectedGroups theirs, List<GateRule> rules, List<String> notJudged) {
        if (limit == null) return;
        String metric = ProtectedGroups.metricOf(gapName);
        ProtectedGroups.Gap g = mine.gaps().get(gapName);
        if (g == null) {
            notJudged.add(column + ": " + gapName + " is undefined: fewer than two judged groups with a " + words);
            return;
        }
        ProtectedGroups.Gap c = theirs == null ? null : theirs.gaps().get(gapName);
        boolean ok = g.value() <= limit + 1e-12;
        rules.add(new GateRule(rule, metric + "[" + column + "]", g.value(), c == null ? Double.NaN : c.value(), limit, ok,
                String.format("%s differs by %.4f across the groups of %s: %s=%s %.4f vs %s=%s %.4f; allowed %.4f",
                        words, g.value(), column, column, g.highest(), g.highestValue(), column, g.lowest(),
                        g.lowestValue(), limit), column, List.of(g.highest(), g.lowest())));
    }

    private static void regressions(Map<String, Double> allowed, String column, ProtectedGroups mine,
                                    ProtectedGroups theirs, List<GateRule> rules, List<String> notJudged) {
        mine.groups().forEach((group, metrics) -> {
            SortedMap<String, Double> other = theirs.groups().get(group);
            String name = column + "=" + group;
            new TreeMap<>(allowed).forEach((metric, limit) -> {
                double v = metrics.getOrDefault(metric, Double.NaN);
                double c = other == null ? Double.NaN : other.getOrDefault(metric, Double.NaN);
                if (Double.isNaN(v) || Double.isNaN(c)) {
                    notJudged.add(name + ": " + metric + " is undefined on this group");
                    return;
                }
                double loss = MetricDirection.lowerIsBetter(metric) ? v - c : c - v;
                boolean ok = loss <= limit + 1e-12;
                rules.add(new GateRule("group_regression", metric + "[" + name + "]", v, c, limit, ok, String.format(
                        "%s of group %s regresses by %.4f against the champion (%.4f -> %.4f); allowed %.4f",
                        metric, name, Math.max(loss, 0), c, v, limit), column, List.of(group)));
            });
        });
    }
}
