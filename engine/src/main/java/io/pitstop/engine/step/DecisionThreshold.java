package io.pitstop.engine.step;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A binary classifier's decision threshold: a row whose score is at least this is a positive
 * decision. Declared once per model ({@code model: { decision_threshold: 0.3 }} in the pipeline file,
 * {@link ModelInfo}), recorded in the model it trains, and used by evaluation, the gate, the model card
 * and scoring alike, so no two of them can decide at different thresholds. This is the one place its
 * range is checked. In JSON (the run record, the step fingerprint) it is the bare number.
 */
public record DecisionThreshold(@JsonValue double value) {

    /** The threshold of a model whose pipeline declares none, and of packages built before it could be declared. */
    public static final DecisionThreshold DEFAULT = new DecisionThreshold(0.5);

    public DecisionThreshold {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("decision_threshold must be in [0, 1], was " + value);
        }
    }

    /** Where the threshold is declared, for the message that refuses a step-level {@code threshold}. */
    public static final String DECLARED_AT = "the pipeline's model block, as model: { decision_threshold: 0.5 }";
}
