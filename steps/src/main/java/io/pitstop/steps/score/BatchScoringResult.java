package io.pitstop.steps.score;

import java.time.Duration;

/**
 * What a committed scoring run left behind: rows written, the Delta version they became, how long it
 * took, and the share of scores in each of {@link ScoreBins#BINS} bins for these predictions and for
 * the table's previous version ({@code previousScoreShares} null when the table did not exist).
 */
public record BatchScoringResult(long rows, long tableVersion, Duration duration,
                                 double[] scoreShares, double[] previousScoreShares) {

    public double rowsPerSecond() {
        double seconds = duration.toNanos() / 1e9;
        return seconds > 0 ? rows / seconds : Double.NaN;
    }
}
