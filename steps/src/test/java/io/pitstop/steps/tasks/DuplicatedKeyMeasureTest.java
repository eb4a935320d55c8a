package io.pitstop.steps.tasks;

import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.TestSpark;
import io.pitstop.steps.TelcoData;
import io.pitstop.steps.evaluate.EvaluateClassifierStep;
import io.pitstop.steps.evaluate.EvaluateParams;
import io.pitstop.steps.gate.GateStep;
import io.pitstop.steps.metrics.Metrics;
import io.pitstop.steps.metrics.MulticlassMetrics;
import io.pitstop.steps.metrics.RegressionMetrics;
import io.pitstop.steps.model.ModelDescriptor;
import io.pitstop.steps.model.ModelTask;
import io.pitstop.steps.model.TrainedModel;
import io.pitstop.steps.train.Activation;
import io.pitstop.steps.train.NetworkParams;
import io.pitstop.steps.train.TrainParams;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Evaluation and the gate measure every row of the test split once, whatever its key: a split whose
 * rows share three key values (one of them null) gets the row count it has and exactly the metrics
 * the model's own driver-side predictions of those rows give — for each task. (Evaluation used to join
 * the scores back to the split by key, which multiplied such rows: 4,900 rows were measured as 43,661.)
 */
class DuplicatedKeyMeasureTest {

    private static final int ROWS = 200;
    private static final NetworkParams SMALL = new NetworkParams(List.of(16), Activation.RELU, 0.01, 3, 32, 0.0, null, null,
            null, null);

    @Test
    void aBinaryModelIsMeasuredOnEveryRowOnceDespiteADuplicatedKey(@TempDir Path dir) throws Exception {
        measuredOnEveryRowOnce(dir, new TrainParams("churn", "Yes", "customer_id", TelcoData.FEATURES,
                null, SMALL), "contract", Map.of("auc", 0.0));
    }

    @Test
    void aMulticlassModelIsMeasuredOnEveryRowOnceDespiteADuplicatedKey(@TempDir Path dir) throws Exception {
        measuredOnEveryRowOnce(dir, new TrainParams(ModelTask.MULTICLASS, "contract", null,
                List.of("Month-to-month", "One year", "Two year"), null, "customer_id",
                TaskProject.featuresWithout("contract"), null, SMALL), "internet_service", Map.of("accuracy", 0.0));
    }

    @Test
    void aRegressionModelIsMeasuredOnEveryRowOnceDespiteADuplicatedKey(@TempDir Path dir) throws Exception {
        measuredOnEveryRowOnce(dir, new TrainParams(ModelTask.REGRESSION, "monthly_charges", null, null, null, "customer_id",
                TaskProject.featuresWithout("monthly_charges"), null, SMALL), "contract", Map.of("r2", -1e9));
    }

    private static void measuredOnEveryRowOnce(Path dir, TrainParams params, String slice, Map<String, Double> floors)
            throws Exception {
        try (var project = new TaskProject(dir)) {
            StepResult train = project.train(params, ROWS);
            assertEquals(StepResult.Outcome.SUCCEEDED, train.outcome(), train.message());
            Path split = duplicatedKeys(TaskProject.output(train, "test_split"), dir.resolve("test-split-dup-keys"));
            List<Row> rows = TestSpark.session().read().parquet(split.toString()).collectAsList();
            long keys = rows.stream().map(r -> r.getAs("customer_id")).distinct().count();
            assertTrue(rows.size() > 20 && keys == 3, rows.size() + " rows, " + keys + " keys");
            TrainedModel model = TrainedModel.load(TaskProject.output(train, "model"));
            Map<String, Double> expected = driverSideMetrics(model, rows);

            StepResult evaluate = new EvaluateClassifierStep().run(new EvaluateParams(List.of(slice)),
                    project.context("evaluate-dup").upstream("model", TaskProject.output(train, "model"))
                            .upstream("test_split", split).build());
            assertEquals(StepResult.Outcome.SUCCEEDED, evaluate.outcome(), evaluate.message());
            var report = TaskProject.JSON.readTree(TaskProject.output(evaluate, "metrics").toFile());
            Map<String, Double> overall = TaskProject.overall(report);
            assertEquals(rows.size(), overall.get("count").longValue(), evaluate.message());
            assertSameMetrics(expected, overall);
            long sliced = 0;
            for (var segment : report.path("slices").path(slice)) sliced += segment.path("count").asLong();
            assertEquals(rows.size(), sliced, "every row in exactly one segment of " + slice);

            Path validation = io.pitstop.steps.TestArtifacts.passedValidation(dir.resolve("validation.json"));
            StepResult gate = new GateStep().run(new GateStep.Params(floors, null, null), project.context("gate-dup")
                    .upstream("model", TaskProject.output(train, "model")).upstream("test_split", split)
                    .upstream("metrics", TaskProject.output(evaluate, "metrics"))
                    .upstream("validation_report", validation).build());
            assertEquals(StepResult.Outcome.SUCCEEDED, gate.outcome(), gate.message());
            assertEquals(rows.size(), gate.metrics().get("challenger.count").longValue());
            expected.forEach((name, value) -> {
                if (gate.metrics().containsKey("challenger." + name)) {
                    assertEquals(value, gate.metrics().get("challenger." + name), 1e-6, "gate " + name);
                }
            });
        }
    }

    /** The split with its keys replaced by three values, one null: most rows now share a key. */
    private static Path duplicatedKeys(Path split, Path out) {
        Dataset<Row> rows = TestSpark.session().read().parquet(split.toString());
        Dataset<Row> shared = rows.withColumn("customer_id", functions.expr(
                "CASE WHEN tenure % 3 = 0 THEN NULL WHEN tenure % 3 = 1 THEN 'K-1' ELSE 'K-2' END"));
        shared.coalesce(1).write().parquet(out.toString());
        return out;
    }

    /** The task's overall metrics from the model's predictions of each row on the driver: no Spark scoring, no key. */
    private static Map<String, Double> driverSideMetrics(TrainedModel model, List<Row> rows) {
        ModelDescriptor d = model.descriptor();
        int n = rows.size();
        int width = model.transform().width();
        float[] encoded = new float[n * width];
        for (int i = 0; i < n; i++) model.transform().encode(rows.get(i), encoded, i * width);
        if (d.modelTask() == ModelTask.BINARY) {
            float[] scores = model.predict(encoded, n);
            double[] s = new double[n];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                s[i] = scores[i];
                labels[i] = d.positive().equals(rows.get(i).getAs(d.label())) ? 1 : 0;
            }
            return Metrics.of(s, labels, 0.5).asMap();
        }
        if (d.modelTask() == ModelTask.MULTICLASS) {
            float[] outputs = model.outputs(encoded, n);
            double[] p = new double[outputs.length];
            for (int i = 0; i < p.length; i++) p[i] = outputs[i];
            int[] classes = rows.stream().mapToInt(r -> d.classes().indexOf(r.<String>getAs(d.label()))).toArray();
            return MulticlassMetrics.overall(p, classes, d.classes().size());
        }
        float[] predictions = model.predict(encoded, n);
        double[] p = new double[n];
        for (int i = 0; i < n; i++) p[i] = predictions[i];
        double[] actual = rows.stream().mapToDouble(r -> ((Number) r.getAs(d.label())).doubleValue()).toArray();
        return RegressionMetrics.of(p, actual);
    }

    private static void assertSameMetrics(Map<String, Double> expected, Map<String, Double> actual) {
        assertTrue(expected.size() >= 3, expected.toString());
        expected.forEach((name, value) -> {
            if (value == null || value.isNaN()) return;
            assertTrue(actual.containsKey(name), name + " missing from " + actual);
            assertEquals(value, actual.get(name), 1e-6, name + ": expected " + expected + ", evaluated " + actual);
        });
    }
}
