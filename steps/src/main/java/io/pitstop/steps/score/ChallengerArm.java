package io.pitstop.steps.score;

import io.pitstop.steps.model.TrainedModel;

/**
 * The challenger's side of a batch canary: its model, the version and decision threshold its rows are
 * stamped with, and the split that picks its keys.
 */
public record ChallengerArm(TrainedModel model, String modelVersion, double threshold, CanarySplit split) {

    /** The champion's request, stamped as this challenger: same table, run, time, key and carried columns. */
    BatchScoringRequest request(BatchScoringRequest champion) {
        return new BatchScoringRequest(champion.keyColumn(), threshold, champion.modelName(), modelVersion,
                champion.runId(), champion.scoredAt(), champion.tablePath(), champion.carried(), champion.mode(),
                champion.stepId());
    }
}
