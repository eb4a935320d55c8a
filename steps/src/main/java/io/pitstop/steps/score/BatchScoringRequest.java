package io.pitstop.steps.score;

import java.time.Instant;
import java.util.Objects;

/**
 * One batch-scoring run: which column keys the rows, the decision threshold, which model version
 * and run the predictions are stamped with, when (from the run's clock, so a re-run is comparable),
 * which Delta table they go to and how ({@link WriteMode}; the predictions are written as that table's
 * not-yet-committed data files, so they need no staging place of their own), and which input columns
 * are carried into it unchanged.
 */
public record BatchScoringRequest(
        String keyColumn,
        double threshold,
        String modelName,
        String modelVersion,
        String runId,
        Instant scoredAt,
        String tablePath,
        java.util.List<String> carried,
        WriteMode mode,
        String stepId) {

    /** A request that replaces the table and carries no extra column, from a step named {@code score}. */
    public BatchScoringRequest(String keyColumn, double threshold, String modelName, String modelVersion, String runId,
                               Instant scoredAt, String tablePath) {
        this(keyColumn, threshold, modelName, modelVersion, runId, scoredAt, tablePath, java.util.List.of(),
                WriteMode.REPLACE, "score");
    }

    public BatchScoringRequest {
        Objects.requireNonNull(keyColumn, "keyColumn");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(scoredAt, "scoredAt");
        Objects.requireNonNull(tablePath, "tablePath");
        carried = java.util.List.copyOf(carried);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(stepId, "stepId");
        new io.pitstop.engine.step.DecisionThreshold(threshold);
    }
}
