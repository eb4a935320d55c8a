package io.pitstop.steps.score;

import io.delta.tables.DeltaTable;
import io.pitstop.steps.TelcoData;
import io.pitstop.steps.TestSpark;
import io.pitstop.steps.TrainedTelcoModel;
import io.pitstop.steps.features.IncompatibleInputException;
import io.pitstop.steps.model.TrainedModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchScorerTest {

    private static SparkSession spark;
    private static TrainedModel model;
    private static Dataset<Row> customers;

    @BeforeAll
    static void setUp() throws Exception {
        spark = TestSpark.session();
        model = TrainedModel.load(TrainedTelcoModel.modelDir());
        customers = TelcoData.first(300).cache();
    }

    private static BatchScoringRequest request(Path dir, String version, String runId) {
        return new BatchScoringRequest("customer_id", 0.5, "churn", version, runId,
                Instant.parse("2026-11-22T04:00:00Z"), dir.resolve("table").toString());
    }

    private static long tableVersion(Path dir) {
        return DeltaTable.forPath(spark, dir.resolve("table").toString()).history(1).select("version").first().getLong(0);
    }

    @Test
    void eachRunReplacesTheTableInOneCommitAndReadersSeeOnlyTheNewRows(@TempDir Path dir) {
        var scorer = new BatchScorer();
        BatchScoringResult first = scorer.run(spark, model, customers, request(dir, "1.0.0", "run-1"));
        assertEquals(0, first.tableVersion());
        assertEquals(300, first.rows());

        Dataset<Row> smaller = customers.limit(120);
        BatchScoringResult second = scorer.run(spark, model, smaller, request(dir, "1.1.0", "run-2"));
        assertEquals(1, second.tableVersion());

        Dataset<Row> table = spark.read().format("delta").load(dir.resolve("table").toString());
        assertEquals(List.of("customer_id", "score", "decision", "model_name", "model_version", "run_id", "scored_at"),
                List.of(table.schema().fieldNames()));
        assertEquals(120, table.count());
        assertEquals(120, table.filter(functions.col("model_version").equalTo("1.1.0")
                .and(functions.col("run_id").equalTo("run-2"))).count());
        assertEquals(0, table.filter(functions.col("decision").notEqual(functions.col("score").geq(0.5))).count());
        // Per-file statistics on the score only (see BatchScorer.STATS_COLUMNS).
        assertEquals("score", DeltaTable.forPath(spark, dir.resolve("table").toString()).detail()
                .select("properties").first().getJavaMap(0).get(BatchScorer.STATS_COLUMNS));
        // The previous run stays readable by time travel: a complete version 0, nothing mixed.
        Dataset<Row> before = spark.read().format("delta").option("versionAsOf", 0).load(dir.resolve("table").toString());
        assertEquals(300, before.filter(functions.col("model_version").equalTo("1.0.0")).count());
        assertEquals(300, before.count());
    }

    @Test
    void failedChecksLeaveTheTableAtItsPreviousVersion(@TempDir Path dir) {
        var scorer = new BatchScorer();
        scorer.run(spark, model, customers, request(dir, "1.0.0", "run-1"));

        Dataset<Row> duplicated = customers.union(customers.limit(3));
        var e = assertThrows(PredictionCheckException.class,
                () -> scorer.run(spark, model, duplicated, request(dir, "1.1.0", "run-2")));
        assertEquals(List.of("unique_keys"), e.failedNames());
        assertTrue(e.getMessage().contains("300 distinct non-null keys in 303 rows"), e.getMessage());

        var missing = assertThrows(IncompatibleInputException.class,
                () -> scorer.run(spark, model, customers.drop("contract"), request(dir, "1.1.0", "run-3")));
        assertEquals("contract", missing.column());

        assertEquals(0, tableVersion(dir));
        Dataset<Row> table = spark.read().format("delta").load(dir.resolve("table").toString());
        assertEquals(300, table.filter(functions.col("model_version").equalTo("1.0.0")).count());
        assertEquals(300, table.count());
    }

    @Test
    void aFailedCheckDeletesTheFilesItWroteSoTheTableDirectoryHoldsOnlyCommittedFiles(@TempDir Path dir) throws Exception {
        var scorer = new BatchScorer();
        scorer.run(spark, model, customers, request(dir, "1.0.0", "run-1"));
        List<String> before = dataFiles(dir.resolve("table"));

        Dataset<Row> duplicated = customers.union(customers.limit(1));
        var e = assertThrows(PredictionCheckException.class,
                () -> scorer.run(spark, model, duplicated, request(dir, "1.1.0", "run-2")));
        assertTrue(e.getMessage().contains("300 distinct non-null keys in 301 rows, 0 null"), e.getMessage());
        assertEquals(before, dataFiles(dir.resolve("table")), "the uncommitted files of run-2 are gone");
        assertEquals(0, tableVersion(dir));
    }

    @Test
    void filesStagedButNotCommittedAreInvisibleAndADiscardedStageLeavesNothing(@TempDir Path dir) throws Exception {
        var scorer = new BatchScorer();
        scorer.run(spark, model, customers, request(dir, "1.0.0", "run-1"));
        StagedPredictions staged = scorer.stage(spark, model, customers.limit(50), request(dir, "1.1.0", "run-2"));
        assertEquals(50, staged.rows());
        assertTrue(dataFiles(dir.resolve("table")).size() > 1, "the new files are in the table's directory");
        Dataset<Row> table = spark.read().format("delta").load(dir.resolve("table").toString());
        assertEquals(300, table.count(), "readers see only the committed version");
        assertEquals(0, table.filter(functions.col("run_id").equalTo("run-2")).count());
        assertEquals(50, spark.read().parquet(staged.files().toArray(String[]::new)).count());

        List<String> committedFiles = dataFiles(dir.resolve("table"));
        scorer.discard(spark, staged);
        assertEquals(committedFiles.size() - staged.files().size(), dataFiles(dir.resolve("table")).size());
        assertEquals(0, tableVersion(dir));
        assertEquals(300, spark.read().format("delta").load(dir.resolve("table").toString()).count());
    }

    @Test
    void theNextRunReadsThePreviousDistributionFromTheCommitAndScansTablesWrittenWithoutIt(@TempDir Path dir) {
        var scorer = new BatchScorer();
        BatchScoringResult first = scorer.run(spark, model, customers, request(dir, "1.0.0", "run-1"));
        String metadata = DeltaTable.forPath(spark, dir.resolve("table").toString()).history(1)
                .select("userMetadata").first().getString(0);
        assertTrue(metadata.contains("\"pitstop_format\":3") && metadata.contains("\"run_id\":\"run-1\""), metadata);
        assertEquals(first.rows(), BatchScorer.loggedRows(metadata), "the run's row count, for the next run to weigh its bins");
        assertArrayEquals(first.scoreShares(), BatchScorer.loggedShares(metadata), 1e-12);
        assertArrayEquals(first.scoreShares(), ScoreBins.shares(spark.read().format("delta")
                .load(dir.resolve("table").toString())), 1e-12, "the observed bins are the table's");

        // The next run's "previous" is the first run's, whichever way it is obtained.
        BatchScoringResult second = scorer.run(spark, model, customers.limit(100), request(dir, "1.0.0", "run-2"));
        assertArrayEquals(first.scoreShares(), second.previousScoreShares(), 1e-12);

        // A version written without score_bins (an older Pitstop, someone else's commit): scanned.
        Path old = dir.resolve("old");
        model.score(spark, customers, "customer_id").write().format("delta")
                .option("userMetadata", "{\"pitstop_format\":1,\"run_id\":\"old\"}").save(old.toString());
        var onOld = new BatchScoringRequest("customer_id", 0.5, "churn", "1.0.0", "run-3",
                Instant.parse("2026-11-22T04:00:00Z"), old.toString());
        BatchScoringResult third = scorer.run(spark, model, customers.limit(100), onOld);
        assertArrayEquals(first.scoreShares(), third.previousScoreShares(), 1e-12);
        assertEquals(null, BatchScorer.loggedShares("a free-text note"));
        assertEquals(null, BatchScorer.loggedRows("{\"pitstop_format\":2,\"run_id\":\"r\"}"), "format 2 had no rows");
    }

    @Test
    void historyShowsEachCommitsRunModelAndRowCount(@TempDir Path dir) {
        var scorer = new BatchScorer();
        scorer.run(spark, model, customers, request(dir, "1.0.0", "run-1"));
        scorer.run(spark, model, customers.limit(120), request(dir, "1.1.0", "run-2"));
        var history = new DeltaPredictionTables(spark).history(dir.resolve("table").toString());
        assertEquals(2, history.size());
        assertEquals("run-2", history.get(0).runId());
        assertEquals("1.1.0", history.get(0).modelVersion());
        assertEquals(120L, history.get(0).rows());
        assertEquals("run-1", history.get(1).runId());
        assertEquals(300L, history.get(1).rows());
    }

    private static List<String> dataFiles(Path table) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(table)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".parquet")).sorted().toList();
        }
    }

    @Test
    void checksNameNullAndOutOfRangeScoresAndAWrongRowCount() {
        StructType schema = new StructType().add("customer_id", DataTypes.StringType)
                .add("score", DataTypes.DoubleType, true);
        Dataset<Row> staged = spark.createDataFrame(List.of(
                RowFactory.create("a", 0.2), RowFactory.create("b", null), RowFactory.create("c", 1.5)), schema);
        List<PredictionCheck> failed = BatchScorer.check(staged, "customer_id", 4);
        assertEquals(List.of("row_count", "no_null_scores", "scores_in_unit_interval"),
                failed.stream().map(PredictionCheck::name).toList());
        assertTrue(failed.get(2).found().contains("max 1.5"), failed.get(2).found());
    }

    @Test
    void whatAScoreMayBeDependsOnTheTask() {
        var spark = TestSpark.session();
        var regression = new org.apache.spark.sql.types.StructType()
                .add("customer_id", DataTypes.StringType, false).add("score", DataTypes.DoubleType, true);
        Dataset<Row> dollars = spark.createDataFrame(List.of(
                RowFactory.create("a", 18.5), RowFactory.create("b", 115.0), RowFactory.create("c", -3.0)), regression);
        assertEquals(List.of(), BatchScorer.check(dollars, "customer_id", 3, io.pitstop.steps.model.ModelTask.REGRESSION),
                "a regression value is not a probability");
        Dataset<Row> broken = spark.createDataFrame(List.of(
                RowFactory.create("a", 18.5), RowFactory.create("b", Double.NaN), RowFactory.create("c", Double.POSITIVE_INFINITY)), regression);
        List<PredictionCheck> failed = BatchScorer.check(broken, "customer_id", 3, io.pitstop.steps.model.ModelTask.REGRESSION);
        assertEquals(List.of("scores_finite"), failed.stream().map(PredictionCheck::name).toList());
        assertTrue(failed.get(0).found().startsWith("2 "), failed.get(0).found());

        var multiclass = new org.apache.spark.sql.types.StructType()
                .add("customer_id", DataTypes.StringType, false).add("score", DataTypes.DoubleType, true)
                .add("prediction", DataTypes.StringType, true)
                .add("probabilities", DataTypes.createArrayType(DataTypes.DoubleType, false), true);
        Dataset<Row> classes = spark.createDataFrame(List.of(
                RowFactory.create("a", 0.7, "x", seq(0.7, 0.2, 0.1)),
                RowFactory.create("b", 0.6, "y", seq(0.3, 0.6, 0.3)),
                RowFactory.create("c", 0.5, null, seq(0.5, 0.25, 0.25))), multiclass);
        failed = BatchScorer.check(classes, "customer_id", 3, io.pitstop.steps.model.ModelTask.MULTICLASS);
        assertEquals(List.of("class_probabilities"), failed.stream().map(PredictionCheck::name).toList());
        assertTrue(failed.get(0).found().startsWith("2 rows"), "b sums to 1.2, c has no class: " + failed.get(0).found());
    }

    private static scala.collection.Seq<Double> seq(Double... values) {
        return scala.collection.JavaConverters.asScalaBuffer(List.of(values)).toSeq();
    }
}
