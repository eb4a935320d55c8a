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
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1], was " + threshold);
        }
        if (new HashSet<>(slices).size() != slices.size()) {
            throw new IllegalArgumentException("slices: a column is listed twice in " + slices);
        }
        for (String s : slices) {
            if (s == null || s.isBlank()) throw new IllegalArgumentException("slices: a column name is blank");
        }
    }
}
