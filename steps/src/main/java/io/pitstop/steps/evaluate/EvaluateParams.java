package io.pitstop.steps.evaluate;

import java.util.HashSet;
import java.util.List;

/**
 * Parameters of {@code evaluate.classifier}.
 *
 * <pre>
 * - id: evaluate
 *   uses: evaluate.classifier
 *   with:
 *     threshold: 0.5        # score >= threshold is a positive decision
 *     slices: [contract]    # the same metrics per value of each column
 * </pre>
 */
public record EvaluateParams(Double threshold, List<String> slices) {

    public EvaluateParams {
        threshold = threshold == null ? 0.5 : threshold;
        slices = slices == null ? List.of() : List.copyOf(slices);
        var problems = new io.pitstop.engine.step.ParameterProblems();
        if (!(threshold >= 0 && threshold <= 1)) {
            problems.add("threshold", "threshold must be in [0, 1], was " + threshold);
        }
        if (new HashSet<>(slices).size() != slices.size()) {
            problems.add("slices", "slices: a column is listed twice in " + slices);
        }
        for (int i = 0; i < slices.size(); i++) {
            if (slices.get(i) == null || slices.get(i).isBlank()) problems.add("slices/" + i, "slices: a column name is blank");
        }
        problems.throwIfAny();
    }
}
