package io.pitstop.steps.gate;

import io.pitstop.engine.step.InvalidParameterException;

/**
 * What a model may cost to ship and to run, whatever its metrics: the bytes of its model directory
 * (network, feature transform, descriptor) and the time to encode and score 1,000 rows in one batch
 * on the driver ({@link ScoringLatency}). Either may be left out.
 *
 * <pre>
 * budgets:
 *   max_model_bytes: 5000000
 *   max_scoring_ms_per_thousand_rows: 50
 * </pre>
 */
public record Budgets(Long maxModelBytes, Double maxScoringMsPerThousandRows) {

    public Budgets {
        if (maxModelBytes != null && maxModelBytes < 1) {
            throw new InvalidParameterException("max_model_bytes", "budgets.max_model_bytes must be >= 1, was " + maxModelBytes);
        }
        if (maxScoringMsPerThousandRows != null && !(maxScoringMsPerThousandRows > 0)) {
            throw new InvalidParameterException("max_scoring_ms_per_thousand_rows",
                    "budgets.max_scoring_ms_per_thousand_rows must be > 0, was "
                    + maxScoringMsPerThousandRows);
        }
        if (maxModelBytes == null && maxScoringMsPerThousandRows == null) {
            throw new IllegalArgumentException("budgets needs max_model_bytes, max_scoring_ms_per_thousand_rows or both");
        }
    }
}
