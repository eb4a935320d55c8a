package io.pitstop.steps.score;

import java.nio.file.Path;
import java.time.Duration;

/** What a committed scoring run left behind: rows written, the Delta version they became, how long it took. */
public record BatchScoringResult(long rows, long tableVersion, Duration duration, Path staged) {

    public double rowsPerSecond() {
        double seconds = duration.toNanos() / 1e9;
        return seconds > 0 ? rows / seconds : Double.NaN;
    }
}
