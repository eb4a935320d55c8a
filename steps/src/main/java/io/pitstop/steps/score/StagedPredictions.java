package io.pitstop.steps.score;

import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.AddFile;

import java.util.List;

/**
 * Predictions written as data files of the table and checked, not yet in its log: no reader sees them
 * until {@link BatchScorer#commit} commits {@code transaction}.
 *
 * @param transaction         the Delta transaction that wrote the files; it commits them
 * @param written             the new data files (paths relative to the table, with per-file statistics)
 * @param scoreShares         share of scores per {@link ScoreBins} bin; null for regression
 * @param previousScoreShares the same for the table's current version; null if there is no table yet
 * @param previousRows        how many rows the previous run scored (its commit says); null when unknown
 * @param startNanos          {@link System#nanoTime()} when scoring started, for the run's duration
 */
public record StagedPredictions(BatchScoringRequest request, OptimisticTransaction transaction, List<AddFile> written,
                                long rows, double[] scoreShares, double[] previousScoreShares, Long previousRows,
                                long startNanos) {

    public StagedPredictions {
        written = List.copyOf(written);
    }

    /** The new data files as absolute paths (URIs), e.g. to read them before the commit. */
    public List<String> files() {
        return written.stream()
                .map(f -> f.absolutePath(transaction.deltaLog()).toString())
                .toList();
    }
}
