package io.pitstop.steps.score;

import java.nio.file.Path;

/**
 * Predictions written to staging and checked, not yet visible in the table.
 *
 * @param scoreShares         share of scores per {@link ScoreBins} bin
 * @param previousScoreShares the same for the table's current version; null if there is no table yet
 * @param startNanos          {@link System#nanoTime()} when scoring started, for the run's duration
 */
public record StagedPredictions(BatchScoringRequest request, Path path, long rows, double[] scoreShares,
                                double[] previousScoreShares, long startNanos) {
}
