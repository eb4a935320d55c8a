package io.pitstop.steps.outcomes;

import io.pitstop.engine.artifact.RealisedPerformance;
import io.pitstop.engine.artifact.RealisedPerformance.Estimate;
import io.pitstop.engine.artifact.RealisedPerformance.Group;
import io.pitstop.steps.metrics.CalibrationBin;
import io.pitstop.steps.metrics.Intervals;
import io.pitstop.steps.metrics.Metrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

import static io.pitstop.steps.spark.ColumnNames.column;

/**
 * Realised performance from the as-of join: per model version, per scoring run, and per slice value of each
 * version. The judged rows (score, decision, label and the group columns: a few dozen bytes each) are
 * collected to the driver, where the exact AUC of evaluation ({@link Metrics}) runs; the waiting counts are
 * aggregated on Spark.
 */
final class RealisedMeasure {

    private record Judged(String modelVersion, String runId, double score, boolean decision, int label, List<String> slices) {
    }

    /** Predictions of one run (and slice values) whose key has no outcome yet, and when the run scored. */
    private record Waiting(String modelVersion, String runId, Instant scoredAt, List<String> slices, long count) {
    }

    private final String key;
    private final List<String> slices;

    RealisedMeasure(String key, List<String> slices) {
        this.key = key;
        this.slices = List.copyOf(slices);
    }

    Result measure(Dataset<Row> predictions, Dataset<Row> outcomes, String positive) {
        Dataset<Row> judged = AsOfJoin.judged(predictions, outcomes, key, positive).cache();
        List<Column> picked = new ArrayList<>(List.of(column(PredictionHistory.MODEL_VERSION), column(PredictionHistory.RUN_ID),
                column(PredictionHistory.SCORE), column(PredictionHistory.DECISION), functions.col(AsOfJoin.LABEL)));
        slices.forEach(s -> picked.add(column(s).cast("string")));
        List<Judged> rows = judged.select(picked.toArray(Column[]::new)).collectAsList().stream()
                .map(r -> new Judged(r.getString(0), r.getString(1), r.getDouble(2), r.getBoolean(3), r.getInt(4),
                        sliceValues(r, 5))).toList();

        Dataset<Row> outcomeKeys = outcomes.select(column(key).cast("string").as("w_key")).distinct();
        List<Column> groupBy = new ArrayList<>(List.of(column(PredictionHistory.MODEL_VERSION), column(PredictionHistory.RUN_ID)));
        slices.forEach(s -> groupBy.add(column(s).cast("string").as(s)));
        List<Waiting> waiting = predictions.join(outcomeKeys, column(key).cast("string").equalTo(functions.col("w_key")), "left")
                .groupBy(groupBy.toArray(Column[]::new))
                .agg(functions.sum(functions.when(functions.col("w_key").isNull(), 1).otherwise(0)).as("waiting"),
                        functions.min(column(PredictionHistory.SCORED_AT)).as("scored_at"))
                .collectAsList().stream()
                .map(r -> new Waiting(r.getString(0), r.getString(1), ((Timestamp) r.getAs("scored_at")).toInstant(),
                        sliceValues(r, 2), r.<Long>getAs("waiting")))
                .toList();

        List<Row> lost = AsOfJoin.unmatched(outcomes, judged, key).select(column(key).cast("string"))
                .orderBy(column(key)).collectAsList();
        judged.unpersist();

        var byVersion = new ArrayList<Group>();
        for (String version : distinct(waiting, Waiting::modelVersion)) {
            byVersion.add(group(version, null, null, null, null, rows, waiting, j -> version.equals(j.modelVersion()),
                    w -> version.equals(w.modelVersion())));
        }
        var byRun = new ArrayList<Group>();
        waiting.stream().map(w -> Map.entry(w.runId(), w)).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                        Map.Entry::getValue, (a, b) -> a.scoredAt().isBefore(b.scoredAt()) ? a : b, TreeMap::new))
                .values().stream().sorted(Comparator.comparing(Waiting::scoredAt).thenComparing(Waiting::runId))
                .forEach(run -> byRun.add(group(run.modelVersion(), run.runId(), run.scoredAt(), null, null, rows, waiting,
                        j -> run.runId().equals(j.runId()), w -> run.runId().equals(w.runId()))));
        var bySlice = new ArrayList<Group>();
        for (int i = 0; i < slices.size(); i++) {
            int s = i;
            for (String version : distinct(waiting, Waiting::modelVersion)) {
                var values = new java.util.TreeSet<String>(Comparator.nullsFirst(Comparator.naturalOrder()));
                waiting.stream().filter(w -> version.equals(w.modelVersion())).forEach(w -> values.add(w.slices().get(s)));
                for (String value : values) {
                    bySlice.add(group(version, null, null, slices.get(s), value, rows, waiting,
                            j -> version.equals(j.modelVersion()) && Objects.equals(value, j.slices().get(s)),
                            w -> version.equals(w.modelVersion()) && Objects.equals(value, w.slices().get(s))));
                }
            }
        }
        return new Result(byVersion, byRun, bySlice, lost.size(), lost.stream().limit(10).map(r -> r.getString(0)).toList());
    }

    record Result(List<Group> byModelVersion, List<Group> byRun, List<Group> slices, long unmatched, List<String> unmatchedKeys) {
    }

    private static List<String> sliceValues(Row r, int from) {
        var values = new ArrayList<String>();
        for (int i = from; i < r.length(); i++) values.add(r.isNullAt(i) ? null : r.get(i).toString());
        return values;
    }

    private static List<String> distinct(List<Waiting> waiting, Function<Waiting, String> f) {
        return waiting.stream().map(f).distinct().sorted().toList();
    }

    private static Group group(String version, String runId, Instant scoredAt, String slice, String sliceValue,
                               List<Judged> all, List<Waiting> waiting, Predicate<Judged> mine, Predicate<Waiting> mineWaiting) {
        List<Judged> rows = all.stream().filter(mine).toList();
        long stillWaiting = waiting.stream().filter(mineWaiting).mapToLong(Waiting::count).sum();
        int n = rows.size();
        double[] scores = new double[n];
        int[] labels = new int[n];
        long positives = 0, decided = 0;
        double scoreSum = 0;
        for (int i = 0; i < n; i++) {
            scores[i] = rows.get(i).score();
            labels[i] = rows.get(i).label();
            positives += labels[i];
            if (rows.get(i).decision()) decided++;
            scoreSum += scores[i];
        }
        double auc = Metrics.auc(scores, labels);
        double[] aucInterval = Intervals.hanleyMcNeil(auc, positives, n - positives);
        double[] rateInterval = Intervals.wilson(positives, n);
        double[] decisionInterval = Intervals.wilson(decided, n);
        List<RealisedPerformance.Bin> bins = new ArrayList<>();
        for (CalibrationBin b : Metrics.calibration(scores, labels)) {
            bins.add(new RealisedPerformance.Bin(b.lower(), b.upper(), b.count(), b.meanPredicted(), b.observedRate()));
        }
        return new Group(version, runId, scoredAt, slice, sliceValue, n, stillWaiting, positives,
                new Estimate(auc, aucInterval[0], aucInterval[1], "hanley_mcneil"), Metrics.logLoss(scores, labels),
                Metrics.logLossSd(scores, labels),
                new Estimate(n == 0 ? Double.NaN : (double) positives / n, rateInterval[0], rateInterval[1], "wilson"),
                new Estimate(n == 0 ? Double.NaN : (double) decided / n, decisionInterval[0], decisionInterval[1], "wilson"),
                n == 0 ? Double.NaN : scoreSum / n, bins);
    }
}
