package io.pitstop.engine.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One retraining decision as recorded ({@code ./pitstop should-retrain}): whether to retrain, the
 * conditions that held, and the whole evidence as the command's JSON document.
 *
 * @param fired        the names of the conditions that held; empty for a skip
 * @param evidenceJson the decision document ({@code should-retrain --json}), every condition with its value and limit
 */
public record DecisionRecord(String decisionId, String pipeline, String model, Instant decidedAt, boolean retrain,
                             List<String> fired, String evidenceJson) {

    public DecisionRecord {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(evidenceJson, "evidenceJson");
        fired = List.copyOf(fired);
    }
}
