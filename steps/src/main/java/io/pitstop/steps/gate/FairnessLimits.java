package io.pitstop.steps.gate;

import io.pitstop.engine.step.ParameterProblems;
import io.pitstop.steps.metrics.TaskMetrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * Limits on how differently a model treats the groups of each protected column the evaluation upstream
 * measures ({@code fairness.protected_columns} of {@code evaluate.classifier}): the gaps between its
 * judged groups, and any one group's loss against the champion on the same group. Each may be left out.
 *
 * <ul>
 *   <li>{@code max_demographic_parity_difference}: the largest allowed difference in positive rate (the
 *       share predicted positive at the decision threshold) between two judged groups;</li>
 *   <li>{@code max_equal_opportunity_difference}: the same for the TPR (the share of a group's positives
 *       predicted positive);</li>
 *   <li>{@code max_group_regression}: per metric, the largest loss of any judged group against the
 *       champion's value on the same group ({@code tpr}, {@code fpr}, {@code auc}, {@code accuracy} for a
 *       binary classifier; the task's slice metrics otherwise).</li>
 * </ul>
 * The two gaps exist for binary classifiers only; {@code check} refuses them for other tasks.
 *
 * <pre>
 * fairness:
 *   max_demographic_parity_difference: 0.2
 *   max_equal_opportunity_difference: 0.2
 *   max_group_regression: { tpr: 0.05 }
 * </pre>
 */
public record FairnessLimits(Double maxDemographicParityDifference, Double maxEqualOpportunityDifference,
                             Map<String, Double> maxGroupRegression) {

    public FairnessLimits {
        maxGroupRegression = maxGroupRegression == null ? Map.of() : Map.copyOf(maxGroupRegression);
        var problems = new ParameterProblems();
        // A rate's gap lies in [0, 1]: a limit outside it could never decide as meant.
        inUnitRange(problems, "max_demographic_parity_difference", maxDemographicParityDifference);
        inUnitRange(problems, "max_equal_opportunity_difference", maxEqualOpportunityDifference);
        new TreeMap<>(maxGroupRegression).forEach((metric, v) -> {
            if (!(v >= 0)) {
                problems.add("max_group_regression/" + metric, "fairness.max_group_regression." + metric
                        + " must be >= 0, was " + v);
            }
        });
        if (maxDemographicParityDifference == null && maxEqualOpportunityDifference == null && maxGroupRegression.isEmpty()) {
            problems.add("", "fairness needs max_demographic_parity_difference, max_equal_opportunity_difference"
                    + " or max_group_regression");
        }
        problems.throwIfAny();
    }

    /** Whether a rule needs the champion's groups measured. */
    boolean judgesAgainstChampion() {
        return !maxGroupRegression.isEmpty();
    }

    private static void inUnitRange(ParameterProblems problems, String field, Double v) {
        if (v != null && !TaskMetrics.UNIT.contains(v)) {
            problems.add(field, "fairness." + field + " is " + v + ", outside the range of a difference of rates "
                    + TaskMetrics.UNIT + ": the rule could never decide as meant");
        }
    }
}
