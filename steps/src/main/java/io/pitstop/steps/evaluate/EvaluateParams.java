package io.pitstop.steps.evaluate;

import io.pitstop.engine.step.DecisionThreshold;
import io.pitstop.engine.step.MovedParameter;

import java.util.HashSet;
import java.util.List;

/**
 * Parameters of {@code evaluate.classifier}. The decision threshold is the model's, declared in the
 * pipeline's {@code model:} block, so evaluation, the gate and scoring cannot decide at different ones.
 *
 * <pre>
 * - id: evaluate
 *   uses: evaluate.classifier
 *   with:
 *     slices: [contract]    # the same metrics per value of each column
 *     fairness:             # per group of each protected column: positive rate, TPR, FPR, calibration, gaps
 *       protected_columns: [female, senior_citizen]
 *       min_group_rows: 30  # smaller groups are listed as not judged
 * </pre>
 */
@MovedParameter(key = "threshold", to = DecisionThreshold.DECLARED_AT)
public record EvaluateParams(List<String> slices, io.pitstop.steps.metrics.FairnessSpec fairness) {

    /** Slices only, no protected columns. */
    public EvaluateParams(List<String> slices) {
        this(slices, null);
    }

    public List<String> protectedColumns() {
        return fairness == null ? List.of() : fairness.protectedColumns();
    }

    public EvaluateParams {
        slices = slices == null ? List.of() : List.copyOf(slices);
        var problems = new io.pitstop.engine.step.ParameterProblems();
        if (new HashSet<>(slices).size() != slices.size()) {
            problems.add("slices", "slices: a column is listed twice in " + slices);
        }
        for (int i = 0; i < slices.size(); i++) {
            if (slices.get(i) == null || slices.get(i).isBlank()) problems.add("slices/" + i, "slices: a column name is blank");
        }
        problems.throwIfAny();
    }
}
