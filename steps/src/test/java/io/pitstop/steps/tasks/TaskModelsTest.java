package io.pitstop.steps.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.TestSpark;
import io.pitstop.steps.gate.GateStep;
import io.pitstop.steps.model.ModelTask;
import io.pitstop.steps.model.TrainedModel;
import io.pitstop.steps.train.Activation;
import io.pitstop.steps.train.NetworkParams;
import io.pitstop.steps.train.TrainParams;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A multi-class and a regression model on the Telco data, each trained, evaluated, gated, packaged,
 * promoted and batch-scored for real. The assertions compare with the baselines a useless model
 * gets (always the majority class; always the mean), so they fail if the task's output layer,
 * loss, label encoding or metric is wrong.
 */
class TaskModelsTest {

    private static final List<String> CONTRACTS = List.of("Month-to-month", "One year", "Two year");
    private static final int ROWS = 2000;

    @Test
    void aMulticlassModelPredictsTheContractBetterThanTheMajorityClassThroughEveryStep(@TempDir Path dir) throws Exception {
        try (var project = new TaskProject(dir)) {
            var params = new TrainParams(ModelTask.MULTICLASS, "contract", null, CONTRACTS, Map.of("Two year", 1.5),
                    "customer_id", TaskProject.featuresWithout("contract"), null,
                    new NetworkParams(List.of(32, 16), Activation.RELU, 0.005, 15, 64, 1e-4, null, null, null, null));

            StepResult train = project.train(params, ROWS);
            assertEquals(StepResult.Outcome.SUCCEEDED, train.outcome(), train.message());
            System.out.println("multiclass training: " + train.message() + " " + train.metrics());
            assertEquals(15, train.curves().get("validation_accuracy").size());
            assertFalse(train.curves().containsKey("validation_auc"));
            List<Double> trainLoss = train.curves().get("train_loss");
            assertTrue(trainLoss.get(14) < trainLoss.get(0), "train loss falls: " + trainLoss);
            TrainedModel model = TrainedModel.load(TaskProject.output(train, "model"));
            assertEquals("multiclass", model.descriptor().task());
            assertEquals(2, model.descriptor().formatVersion(), "a reader that predates tasks must refuse it");
            assertEquals(CONTRACTS, model.descriptor().classes());
            assertEquals("softmax/mcxent", model.descriptor().hyperparameters().get("output"));

            StepResult evaluate = project.evaluate(new io.pitstop.steps.evaluate.EvaluateParams(List.of("internet_service"),
                    new io.pitstop.steps.metrics.FairnessSpec(List.of("senior_citizen"), null, null)), "evaluate");
            assertEquals(StepResult.Outcome.SUCCEEDED, evaluate.outcome(), evaluate.message());
            System.out.println("multiclass evaluation: " + evaluate.message());
            JsonNode metrics = project.metricsJson();
            Map<String, Double> overall = TaskProject.overall(metrics);
            assertEquals("multiclass", metrics.path("task").asText());
            assertTrue(overall.get("accuracy") > overall.get("majority_rate") + 0.1,
                    "accuracy " + overall.get("accuracy") + " vs always the majority class " + overall.get("majority_rate"));
            assertTrue(overall.get("macro_f1") > 0.4, "macro F1 " + overall.get("macro_f1"));
            assertTrue(overall.get("log_loss") < Math.log(3), "log-loss " + overall.get("log_loss") + " beats uniform");
            // The confusion matrix accounts for every test row, and its diagonal is the accuracy.
            long total = 0, diagonal = 0;
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    long n = metrics.path("confusion_matrix").path(i).path(j).asLong();
                    total += n;
                    if (i == j) diagonal += n;
                }
            }
            assertEquals(overall.get("count").longValue(), total);
            assertEquals(overall.get("accuracy"), (double) diagonal / total, 1e-9);
            for (String c : CONTRACTS) {
                assertTrue(metrics.path("per_class").path(c).path("recall").isNumber(), c + " " + metrics.path("per_class"));
            }
            assertEquals(3, metrics.path("slices").path("internet_service").size(), metrics.path("slices").toString());
            assertTrue(metrics.path("slices").path("internet_service").path("DSL").path("accuracy").isNumber());
            // Per protected group: the task's own metrics, and no gaps (positive rate and TPR are a binary classifier's).
            JsonNode seniors = metrics.path("fairness").path("senior_citizen");
            assertTrue(seniors.path("groups").path("0").path("accuracy").isNumber(), seniors.toString());
            assertTrue(seniors.path("groups").path("0").path("macro_f1").isNumber(), seniors.toString());
            assertTrue(seniors.path("gaps").isEmpty(), seniors.toString());

            StepResult refused = project.gate("gate-strict", new GateStep.Params(Map.of("accuracy", 0.99), null, null));
            assertEquals(StepResult.Outcome.STOPPED, refused.outcome(), refused.message());
            assertTrue(refused.message().contains("accuracy"), refused.message());

            StepResult gate = project.gate("gate", new GateStep.Params(Map.of("accuracy", 0.6, "macro_f1", 0.4),
                    Map.of("log_loss", 1.0), Map.of("accuracy", 0.01)));
            assertEquals(StepResult.Outcome.SUCCEEDED, gate.outcome(), gate.message());
            assertEquals(overall.get("accuracy"), gate.metrics().get("challenger.accuracy"), 1e-9,
                    "the gate measures what evaluation measured, by the same names");

            StepResult pkg = project.release(gate);
            String card = Files.readString(TaskProject.output(pkg, "package").resolve("model-card.md"));
            assertTrue(card.contains("**Task:** multi-class classification over [Month-to-month, One year, Two year]"), card);
            JsonNode portable = TaskProject.JSON.readTree(TaskProject.output(pkg, "package").resolve("features.json").toFile());
            assertEquals("multiclass", portable.path("task").asText());
            assertEquals(List.of("score", "prediction", "probabilities"), portable.path("outputs").findValuesAsText("name"));
            assertTrue(card.contains("| macro_f1 |") && card.contains("Confusion matrix"), card);

            StepResult scored = project.score(1000);
            assertEquals(StepResult.Outcome.SUCCEEDED, scored.outcome(), scored.message());
            Dataset<Row> table = TestSpark.session().read().format("delta")
                    .load(dir.resolve(TaskProject.TABLE).toString());
            assertEquals(List.of("customer_id", "score", "prediction", "probabilities", "model_name", "model_version",
                    "run_id", "scored_at"), List.of(table.columns()));
            List<Row> rows = table.collectAsList();
            assertEquals(1000, rows.size());
            var predicted = new java.util.TreeSet<String>();
            for (Row r : rows) {
                List<Double> p = r.getList(3);
                assertEquals(3, p.size());
                assertEquals(1.0, p.stream().mapToDouble(Double::doubleValue).sum(), 1e-4);
                int top = CONTRACTS.indexOf(r.getString(2));
                assertEquals(p.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), p.get(top), 1e-12);
                assertEquals(p.get(top), r.getDouble(1), 1e-6, "score is the predicted class's probability");
                predicted.add(r.getString(2));
            }
            assertTrue(predicted.size() >= 2, "predicts more than one class: " + predicted);
        }
    }

    @Test
    void aRegressionModelPredictsMonthlyChargesBetterThanTheMeanThroughEveryStep(@TempDir Path dir) throws Exception {
        try (var project = new TaskProject(dir)) {
            var params = new TrainParams(ModelTask.REGRESSION, "monthly_charges", null, null, null, "customer_id",
                    TaskProject.featuresWithout("monthly_charges"), null,
                    new NetworkParams(List.of(32, 16), Activation.RELU, 0.005, 15, 64, 1e-4, null, 3, null, null));

            StepResult train = project.train(params, ROWS);
            assertEquals(StepResult.Outcome.SUCCEEDED, train.outcome(), train.message());
            System.out.println("regression training: " + train.message() + " " + train.metrics());
            assertTrue(train.curves().containsKey("validation_rmse"));
            TrainedModel model = TrainedModel.load(TaskProject.output(train, "model"));
            assertEquals("regression", model.descriptor().task());
            assertEquals(2, model.descriptor().formatVersion());
            assertEquals("identity/mse", model.descriptor().hyperparameters().get("output"));

            StepResult evaluate = project.evaluate(new io.pitstop.steps.evaluate.EvaluateParams(List.of("contract"),
                    new io.pitstop.steps.metrics.FairnessSpec(List.of("female"), null, null)), "evaluate");
            assertEquals(StepResult.Outcome.SUCCEEDED, evaluate.outcome(), evaluate.message());
            System.out.println("regression evaluation: " + evaluate.message());
            JsonNode metrics = project.metricsJson();
            Map<String, Double> overall = TaskProject.overall(metrics);
            assertEquals("regression", metrics.path("task").asText());
            assertTrue(overall.get("rmse") < 0.5 * overall.get("baseline_rmse"),
                    "RMSE " + overall.get("rmse") + " vs predicting the mean " + overall.get("baseline_rmse"));
            assertTrue(overall.get("r2") > 0.75, "R² " + overall.get("r2"));
            assertTrue(overall.get("mae") <= overall.get("rmse"), overall.toString());
            assertTrue(metrics.path("fairness").path("female").path("groups").path("1").path("mae").isNumber(),
                    metrics.path("fairness").toString());
            assertTrue(metrics.path("slices").path("contract").path("Two year").path("rmse").isNumber(),
                    metrics.path("slices").toString());

            // RMSE is lower-is-better: a ceiling below it stops the release.
            StepResult refused = project.gate("gate-strict", new GateStep.Params(Map.of("r2", 0.5),
                    Map.of("rmse", overall.get("rmse") / 2), null));
            assertEquals(StepResult.Outcome.STOPPED, refused.outcome(), refused.message());
            assertTrue(refused.message().contains("rmse") && refused.message().contains("ceiling"), refused.message());

            StepResult gate = project.gate("gate", new GateStep.Params(Map.of("r2", 0.5),
                    Map.of("rmse", overall.get("rmse") * 2), Map.of("rmse", 0.5)));
            assertEquals(StepResult.Outcome.SUCCEEDED, gate.outcome(), gate.message());

            StepResult pkg = project.release(gate);
            String card = Files.readString(TaskProject.output(pkg, "package").resolve("model-card.md"));
            assertTrue(card.contains("**Task:** regression"), card);
            JsonNode portable = TaskProject.JSON.readTree(TaskProject.output(pkg, "package").resolve("features.json").toFile());
            assertEquals("regression", portable.path("task").asText());
            assertTrue(portable.path("target").path("scale").asDouble() > 0, portable.toString());
            assertTrue(Files.size(TaskProject.output(pkg, "package").resolve("model.onnx")) > 0);
            assertTrue(card.contains("| contract | count | rmse | mae | r2 |"), card);

            // Released and in production: a second gate scores this champion on the same split too.
            StepResult second = project.gate("gate-2", new GateStep.Params(null, Map.of("rmse", 100.0), Map.of("rmse", 0.0)));
            assertEquals(StepResult.Outcome.SUCCEEDED, second.outcome(), second.message());
            assertEquals(gate.metrics().get("challenger.rmse"), second.metrics().get("champion.rmse"), 1e-9);

            StepResult scored = project.score(1000);
            assertEquals(StepResult.Outcome.SUCCEEDED, scored.outcome(), scored.message());
            Dataset<Row> table = TestSpark.session().read().format("delta")
                    .load(dir.resolve(TaskProject.TABLE).toString());
            assertEquals(List.of("customer_id", "score", "model_name", "model_version", "run_id", "scored_at"),
                    List.of(table.columns()));
            // The scores are monthly charges in dollars: their error against the real ones beats the mean's.
            Dataset<Row> actual = io.pitstop.steps.TelcoData.first(1000).select("customer_id", "monthly_charges");
            Row r = table.join(actual, "customer_id").selectExpr(
                    "sqrt(avg(pow(score - monthly_charges, 2)))", "stddev_pop(monthly_charges)", "count(*)",
                    "min(score)", "max(score)").first();
            System.out.printf("scored 1000 rows: RMSE %.3f vs predicting the mean %.3f; scores %.2f..%.2f%n",
                    r.getDouble(0), r.getDouble(1), r.getDouble(3), r.getDouble(4));
            assertEquals(1000L, r.getLong(2));
            assertTrue(r.getDouble(0) < 0.5 * r.getDouble(1), r.toString());
            assertTrue(r.getDouble(4) > 1, "values in dollars, not probabilities: max " + r.getDouble(4));
        }
    }

    @Test
    void aRegressionOnAStringLabelFailsNamingTheLabelAndItsType(@TempDir Path dir) throws Exception {
        try (var project = new TaskProject(dir)) {
            var params = new TrainParams(ModelTask.REGRESSION, "contract", null, null, null, "customer_id",
                    TaskProject.featuresWithout("contract"), null, null);
            StepResult result = project.train(params, 300);
            assertEquals(StepResult.Outcome.FAILED, result.outcome());
            assertEquals("label 'contract' is string in the validated data; task regression needs a numeric label"
                    + " (integer, long, double, ...)", result.message());
            assertFalse(Files.exists(dir.resolve("out-train/model")), "no model is written");
        }
    }

    @Test
    void aLabelValueOutsideTheDeclaredClassesFailsNamingTheValue(@TempDir Path dir) throws Exception {
        try (var project = new TaskProject(dir)) {
            var params = new TrainParams(ModelTask.MULTICLASS, "contract", null, List.of("Month-to-month", "One year"), null,
                    "customer_id", TaskProject.featuresWithout("contract"), null, null);
            StepResult result = project.train(params, 300);
            assertEquals(StepResult.Outcome.FAILED, result.outcome());
            assertEquals("label 'contract': label value 'Two year' is not one of the declared classes [Month-to-month,"
                    + " One year] (declare every class the label takes, exactly as written in the data)", result.message());
            assertFalse(Files.exists(dir.resolve("out-train/model")), "no model is written");
        }
    }

    @Test
    void theSparkPathTrainsAMulticlassModelOnTheExecutors(@TempDir Path dir) throws Exception {
        try (var project = new TaskProject(dir)) {
            var params = new TrainParams(ModelTask.MULTICLASS, "contract", null, CONTRACTS, null, "customer_id",
                    TaskProject.featuresWithout("contract"), null,
                    new NetworkParams(List.of(32, 16), Activation.RELU, 0.005, 5, 64, 1e-4, null, null, null, null));
            StepResult result = new io.pitstop.steps.train.TrainNetworkStep().run(params, project.context("spark")
                    .setting("training.path", "spark")
                    .upstream("validated", io.pitstop.steps.TelcoData.validatedParquet(dir, 1000)).build());
            assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
            System.out.println("multiclass, spark path: " + result.message());
            assertTrue(result.reports().get("environment").path("training.path").asText().startsWith("spark"));
            // Seen: 0.70 after 5 epochs on 1,000 rows; a model that learned nothing sits near 0.55 (majority).
            assertTrue(result.metrics().get("best_validation_accuracy") > 0.6, result.metrics().toString());
        }
    }

    @Test
    void aClassWeightRaisesTheShareOfRowsPredictedAsThatClass(@TempDir Path dir) throws Exception {
        double plain = shareOfOneYear(dir.resolve("plain"), null);
        double weighted = shareOfOneYear(dir.resolve("weighted"), Map.of("One year", 4.0));
        System.out.printf("validation rows predicted 'One year': %.3f unweighted, %.3f with class weight 4%n", plain, weighted);
        assertTrue(weighted > plain + 0.05, "weighting 'One year' 4:1 predicts it more often: " + plain + " -> " + weighted);
    }

    /** Trains a contract model on 1,000 rows and returns the share of its validation rows predicted "One year". */
    private static double shareOfOneYear(Path dir, Map<String, Double> classWeights) throws Exception {
        Files.createDirectories(dir);
        try (var project = new TaskProject(dir)) {
            var params = new TrainParams(ModelTask.MULTICLASS, "contract", null, CONTRACTS, classWeights, "customer_id",
                    TaskProject.featuresWithout("contract"), null,
                    new NetworkParams(List.of(32, 16), Activation.RELU, 0.005, 10, 64, 1e-4, null, null, null, null));
            StepResult result = project.train(params, 1000);
            assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
            TrainedModel model = TrainedModel.load(TaskProject.output(result, "model"));
            Dataset<Row> validation = TestSpark.session().read().parquet(result.outputs().get("validation_split"));
            return model.score(TestSpark.session(), validation, "customer_id").selectExpr(
                    "avg(cast(prediction = 'One year' as double))").first().getDouble(0);
        }
    }
}
