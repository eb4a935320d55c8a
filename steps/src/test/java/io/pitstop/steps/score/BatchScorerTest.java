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
