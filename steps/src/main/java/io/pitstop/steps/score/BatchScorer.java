package io.pitstop.steps.score;

import io.pitstop.steps.model.ModelTask;

import io.delta.tables.DeltaTable;
import io.pitstop.steps.model.TrainedModel;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a table and swaps the predictions in so readers never see a partial or mixed result:
 * <ol>
 *   <li>score with the pinned model on Spark ({@link TrainedModel#score});</li>
 *   <li>write the predictions to a staging directory as Parquet — the table is untouched so far;</li>
 *   <li>check the staged rows in one pass: as many rows as the input, every key exactly once, no null
 *       score, every score in [0, 1]; any failure raises {@link PredictionCheckException} and stops here;</li>
 *   <li>overwrite the Delta table from the staged files in one commit — Delta's log makes that commit
 *       atomic, so readers see the previous complete version until it lands, then only the new one.</li>
 * </ol>
 * A process killed before step 4 completes leaves the table at its previous version; staging is
 * overwritten by the next attempt.
 *
 * <p>Output columns: key (input type), {@code score} double, {@code decision} boolean
 * (score >= threshold; binary models), {@code prediction} string and {@code probabilities}
 * array of double in the model's class order (multiclass models; {@code score} is then the
 * predicted class's probability; for regression {@code score} is the predicted value), {@code model_name}, {@code model_version}, {@code run_id}, {@code scored_at}
 * timestamp.
 */
public final class BatchScorer {

    public static final String STAGED_DIR = "predictions";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Stages, checks and commits in one go. */
    public BatchScoringResult run(SparkSession spark, TrainedModel model, Dataset<Row> input,
                                  BatchScoringRequest request) {
        return commit(spark, stage(spark, model, input, request));
    }

    /**
     * Scores and writes the predictions to the staging directory, checks them, and measures their
     * score distribution and the table's current one; the table is untouched.
     *
     * @throws PredictionCheckException naming every failed check
     */
    public StagedPredictions stage(SparkSession spark, TrainedModel model, Dataset<Row> input,
                                   BatchScoringRequest request) {
        long start = System.nanoTime();
        String key = request.keyColumn();
        ModelTask task = model.descriptor().modelTask();
        Dataset<Row> scored = model.score(spark, input, key);
        if (task == ModelTask.BINARY) {
            scored = scored.withColumn("decision", functions.col(TrainedModel.SCORE_COLUMN).geq(request.threshold()));
        }
        Dataset<Row> predictions = scored
                .withColumn("model_name", functions.lit(request.modelName()))
                .withColumn("model_version", functions.lit(request.modelVersion()))
                .withColumn("run_id", functions.lit(request.runId()))
                .withColumn("scored_at", functions.lit(Timestamp.from(request.scoredAt())));

        Path staged = request.stagingDir().resolve(STAGED_DIR);
        predictions.write().mode("overwrite").parquet(staged.toString());

        long inputRows = input.count();
        List<PredictionCheck> failed = check(spark.read().parquet(staged.toString()), key, inputRows, task);
        if (!failed.isEmpty()) throw new PredictionCheckException(staged.toString(), failed);

        // Probabilities fall into fixed bins of [0, 1]; a regression value has no such grid (no PSI).
        double[] scoreShares = task == ModelTask.REGRESSION ? null : ScoreBins.shares(spark.read().parquet(staged.toString()));
        double[] previousShares = task == ModelTask.REGRESSION ? null : previousShares(spark, request.tablePath());
        return new StagedPredictions(request, staged, inputRows, scoreShares, previousShares, start);
    }

    /**
     * Makes checked predictions visible: one Delta overwrite commit. Before it lands readers see the
     * previous version; after, only these rows.
     */
    public BatchScoringResult commit(SparkSession spark, StagedPredictions staged) {
        BatchScoringRequest request = staged.request();
        Dataset<Row> toCommit = spark.read().parquet(staged.path().toString());
        if (FaultPoint.WRITING.armed()) toCommit = pauseWhileWriting(toCommit);
        FaultPoint.BEFORE_COMMIT.reach();
        toCommit
                // The staged rows passed their checks; a new major model may change the key's type, and
                // the swap must still happen in this one commit rather than fail after promotion.
                .write().format("delta").mode("overwrite").option("overwriteSchema", "true")
                // Delta keeps this with the commit: `predictions history` reads the run and model back.
                .option("userMetadata", commitMetadata(request))
                .save(request.tablePath());
        long version = DeltaTable.forPath(spark, request.tablePath()).history(1)
                .select("version").first().getLong(0);
        return new BatchScoringResult(staged.rows(), version,
                Duration.ofNanos(System.nanoTime() - staged.startNanos()), staged.path(),
                staged.scoreShares(), staged.previousScoreShares());
    }

    /** The JSON stored as the Delta commit's userMetadata. */
    static String commitMetadata(BatchScoringRequest request) {
        var node = JSON.createObjectNode();
        node.put("pitstop_format", 1);
        node.put("run_id", request.runId());
        node.put("model", request.modelName());
        node.put("model_version", request.modelVersion());
        return node.toString();
    }

    /** The score distribution of the table's current version, the previous run's; null if there is no table yet. */
    private static double[] previousShares(SparkSession spark, String tablePath) {
        if (!DeltaTable.isDeltaTable(spark, tablePath)) return null;
        return ScoreBins.shares(spark.read().format("delta").load(tablePath));
    }

    /**
     * Test-only: one task of the Delta write stops at {@link FaultPoint#WRITING} after the other has
     * had time to write its data file, so a fault test kills the process with files but no commit.
     */
    private static Dataset<Row> pauseWhileWriting(Dataset<Row> rows) {
        MapPartitionsFunction<Row, Row> pause = it -> {
            if (TaskContext.getPartitionId() == 1) {
                Thread.sleep(3_000);
                FaultPoint.WRITING.reach();
            }
            return it;
        };
        return rows.repartition(2).mapPartitions(pause, Encoders.row(rows.schema()));
    }

    /** Every check of a binary model's staged rows. */
    static List<PredictionCheck> check(Dataset<Row> staged, String key, long inputRows) {
        return check(staged, key, inputRows, ModelTask.BINARY);
    }

    /**
     * Every check in one aggregation over the staged rows; returns the ones that failed. What a
     * score may be depends on the task: a probability in [0, 1] (binary; multiclass, whose class
     * probabilities must also sum to 1 and name a class), any finite number (regression).
     */
    static List<PredictionCheck> check(Dataset<Row> staged, String key, long inputRows, ModelTask task) {
        Column k = functions.col(key);
        Column score = functions.col(TrainedModel.SCORE_COLUMN);
        Column bad = task == ModelTask.REGRESSION
                ? functions.isnan(score).or(score.equalTo(Double.POSITIVE_INFINITY)).or(score.equalTo(Double.NEGATIVE_INFINITY))
                : functions.isnan(score).or(score.lt(0)).or(score.gt(1));
        Column badProbabilities = task != ModelTask.MULTICLASS ? functions.lit(0)
                : functions.sum(functions.when(functions.col(TrainedModel.PREDICTION_COLUMN).isNull()
                        .or(functions.abs(functions.expr("aggregate(" + TrainedModel.PROBABILITIES_COLUMN
                                + ", 0D, (acc, p) -> acc + p)").minus(1.0)).gt(1e-3)), 1).otherwise(0));
        Row r = staged.agg(
                functions.count(functions.lit(1)),
                functions.countDistinct(k),
                functions.sum(functions.when(k.isNull(), 1).otherwise(0)),
                functions.sum(functions.when(score.isNull(), 1).otherwise(0)),
                functions.sum(functions.when(score.isNotNull().and(bad), 1).otherwise(0)),
                functions.min(score), functions.max(score), badProbabilities).first();
        long rows = r.getLong(0);
        long distinctKeys = r.getLong(1);
        long nullKeys = r.isNullAt(2) ? 0 : r.getLong(2);
        long nullScores = r.isNullAt(3) ? 0 : r.getLong(3);
        long outOfRange = r.isNullAt(4) ? 0 : r.getLong(4);

        var failed = new ArrayList<PredictionCheck>();
        if (rows != inputRows) {
            failed.add(new PredictionCheck("row_count", inputRows + " rows (the input's)", rows + " rows"));
        }
        if (distinctKeys != rows || nullKeys > 0) {
            failed.add(new PredictionCheck("unique_keys", "every " + key + " exactly once, none null",
                    distinctKeys + " distinct non-null keys in " + rows + " rows, " + nullKeys + " null"));
        }
        if (nullScores > 0) {
            failed.add(new PredictionCheck("no_null_scores", "0 null scores", nullScores + " null"));
        }
        if (outOfRange > 0 && task == ModelTask.REGRESSION) {
            failed.add(new PredictionCheck("scores_finite", "every predicted value a finite number",
                    outOfRange + " NaN or infinite"));
        } else if (outOfRange > 0) {
            failed.add(new PredictionCheck("scores_in_unit_interval", "every score in [0, 1]",
                    outOfRange + " outside, min " + r.get(5) + ", max " + r.get(6)));
        }
        long badClassRows = r.isNullAt(7) ? 0 : ((Number) r.get(7)).longValue();
        if (badClassRows > 0) {
            failed.add(new PredictionCheck("class_probabilities", "a predicted class and probabilities summing to 1 in every row",
                    badClassRows + " rows without"));
        }
        return failed;
    }
}
