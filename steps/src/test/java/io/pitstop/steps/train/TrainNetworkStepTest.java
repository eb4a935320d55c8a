package io.pitstop.steps.train;

import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.TelcoData;
import io.pitstop.steps.TestSpark;
import io.pitstop.steps.TestStepContext;
import io.pitstop.steps.TrainedTelcoModel;
import io.pitstop.steps.model.TrainedModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainNetworkStepTest {

    @Test
    void trainsASensibleModelAndWritesTheModelDirectoryAndSplits() throws Exception {
        StepResult result = TrainedTelcoModel.result();
        assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
        assertEquals(Set.of("model", "train_split", "validation_split", "test_split"), result.outputs().keySet());

        // Seen: validation AUC ~0.84 on 2,000 rows, 15 epochs (best of curve); the floor sits well below.
        System.out.println("shared model: " + result.message() + " " + result.metrics());
        double auc = result.metrics().get("best_validation_auc");
        assertTrue(auc > 0.75, "validation AUC " + auc);
        assertEquals(15, result.curves().get("validation_auc").size());
        assertEquals(15, result.curves().get("train_loss").size());
        // The network learns: training loss falls from the first epoch to the last.
        List<Double> trainLoss = result.curves().get("train_loss");
        assertTrue(trainLoss.get(14) < trainLoss.get(0), "train loss " + trainLoss);
        assertTrue(result.metrics().get("samples_per_second") > 0);
        var env = result.reports().get("environment");
        System.out.println("training environment: " + env);
        assertEquals("driver", env.path("training.path").asText(), env.toString());
        assertTrue(env.path("nd4j.backend.class").asText().contains("Cpu"), env.toString());
        assertTrue(env.path("spark.master").asText().startsWith("local"), env.toString());
        assertEquals("1", env.path("nd4j.omp.threads").asText(), "the build pins ND4J to one thread: " + env);
        assertEquals(1, env.path("training.op_threads").asInt(), "a network this small trains on one thread: " + env);

        Path model = TrainedTelcoModel.modelDir();
        for (String file : List.of("model.zip", "features.json", "model.json")) {
            assertTrue(Files.isRegularFile(model.resolve(file)), file);
        }
        TrainedModel loaded = TrainedModel.load(model);
        assertEquals("Yes", loaded.descriptor().positive());
        assertEquals(loaded.transform().width(), loaded.descriptor().inputWidth());

        // The three splits partition the input: every key exactly once.
        var spark = TestSpark.session();
        Set<String> keys = new HashSet<>();
        long rows = 0;
        for (String split : DeterministicSplit.NAMES) {
            Dataset<Row> part = spark.read().parquet(TrainedTelcoModel.split(split).toString());
            for (Row r : part.select("customer_id").collectAsList()) {
                keys.add(r.getString(0));
                rows++;
            }
        }
        assertEquals(TrainedTelcoModel.ROWS, rows);
        assertEquals(TrainedTelcoModel.ROWS, keys.size());
    }

    @Test
    void sameSeedAndDataGiveIdenticalWeightsAndAnotherSeedDoesNot(@TempDir Path dir) throws Exception {
        Path validated = TelcoData.validatedParquet(dir, 600);
        String first = trainAndHash(dir.resolve("a"), validated, 7);
        String second = trainAndHash(dir.resolve("b"), validated, 7);
        String otherSeed = trainAndHash(dir.resolve("c"), validated, 8);
        assertEquals(first, second);
        assertNotEquals(first, otherSeed);
        // Dropout draws masks from ND4J's RNG: seeded from the pipeline seed too.
        assertEquals(trainAndHash(dir.resolve("d"), validated, 7, 0.3), trainAndHash(dir.resolve("e"), validated, 7, 0.3));
    }

    @Test
    void theSparkPathTrainsOnTheExecutorsToAnAucComparableWithTheDriverPath(@TempDir Path dir) throws Exception {
        StepResult driver = TrainedTelcoModel.result();
        Path validated = TelcoData.validatedParquet(dir, TrainedTelcoModel.ROWS);
        var spark = TestSpark.session();
        int jobsBefore = spark.sparkContext().statusTracker().getJobIdsForGroup(null).length;
        var ctx = TestStepContext.builder().outputDir(dir.resolve("train")).seed(42)
                .upstream("validated", validated).setting("training.path", "spark").build();

        StepResult result = new TrainNetworkStep().run(TrainedTelcoModel.params(15, null), ctx);

        assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
        double sparkAuc = result.metrics().get("best_validation_auc");
        double driverAuc = driver.metrics().get("best_validation_auc");
        System.out.printf("validation AUC: spark path %.4f, driver path %.4f (%.0f vs %.0f samples/s)%n", sparkAuc,
                driverAuc, result.metrics().get("samples_per_second"), driver.metrics().get("samples_per_second"));
        assertTrue(sparkAuc > driverAuc - 0.05, "spark " + sparkAuc + " vs driver " + driverAuc);
        assertTrue(result.reports().get("environment").path("training.path").asText().startsWith("spark"));
        int trainingJobs = spark.sparkContext().statusTracker().getJobIdsForGroup(null).length - jobsBefore;
        assertTrue(trainingJobs >= 15, "at least one Spark job per epoch ran the minibatches: " + trainingJobs);
        // The model it wrote is an ordinary model: it loads and scores like the driver path's.
        float[] scores = TrainedModel.load(Path.of(result.outputs().get("model"))).predict(new float[][]{
                new float[TrainedModel.load(Path.of(result.outputs().get("model"))).transform().width()]});
        assertTrue(scores[0] >= 0 && scores[0] <= 1, "a probability: " + scores[0]);
    }

    @Test
    void anUnknownTrainingPathInTheProfileFailsTheStepNamingTheSetting(@TempDir Path dir) throws Exception {
        Path validated = TelcoData.validatedParquet(dir, 300);
        var ctx = TestStepContext.builder().outputDir(dir.resolve("train")).upstream("validated", validated)
                .setting("training.path", "gpu-cluster").build();

        StepResult result = new TrainNetworkStep().run(TrainedTelcoModel.params(1, null), ctx);

        assertEquals(StepResult.Outcome.FAILED, result.outcome());
        assertEquals("profile test: training.path must be driver or spark, found 'gpu-cluster'", result.message());
    }

    @Test
    void patienceStopsEarlyAndKeepsTheBestEpoch(@TempDir Path dir) throws Exception {
        Path validated = TelcoData.validatedParquet(dir, 600);
        // A high learning rate overfits 600 rows fast, so validation loss turns up within 40 epochs.
        var params = new TrainParams("churn", "Yes", "customer_id", TelcoData.FEATURES, null,
                new NetworkParams(List.of(64, 32), Activation.RELU, 0.05, 40, 32, 0.0, null, 2, null, null));
        var ctx = TestStepContext.builder().outputDir(dir.resolve("out")).upstream("validated", validated).build();
        StepResult result = new TrainNetworkStep().run(params, ctx);
        System.out.println("patience: " + result.message() + " " + result.curves().get("validation_loss"));
        int run = result.metrics().get("epochs_run").intValue();
        int best = result.metrics().get("best_epoch").intValue();
        assertTrue(run < 40, "ran " + run + " epochs");
        assertEquals(run - 2, best);
        List<Double> loss = result.curves().get("validation_loss");
        assertEquals(loss.stream().mapToDouble(Double::doubleValue).min().orElseThrow(), loss.get(best - 1));
        assertEquals(run, ctx.progressMessages().size());
        assertTrue(ctx.progressMessages().get(0).startsWith("1/40 val_auc "), ctx.progressMessages().get(0));
    }

    @Test
    void aPositiveClassThatNeverOccursFailsWithAHint(@TempDir Path dir) throws Exception {
        Path validated = TelcoData.validatedParquet(dir, 300);
        var params = new TrainParams("churn", "yes", "customer_id", TelcoData.FEATURES, null, null);
        var ctx = TestStepContext.builder().outputDir(dir.resolve("out")).upstream("validated", validated).build();
        StepResult result = new TrainNetworkStep().run(params, ctx);
        assertEquals(StepResult.Outcome.FAILED, result.outcome());
        assertTrue(result.message().contains("churn = 'yes'") && result.message().contains("case"), result.message());
    }

    @Test
    void aPositiveClassWeightRaisesThePredictedPositiveRateAndOtherOptimisersTrainToo(@TempDir Path dir) throws Exception {
        Path validated = TelcoData.validatedParquet(dir, TrainedTelcoModel.ROWS);
        double plain = meanScore(dir.resolve("plain"), validated, Optimizer.ADAM, 1.0);
        double weighted = meanScore(dir.resolve("weighted"), validated, Optimizer.ADAM, 4.0);
        System.out.printf("mean validation score: %.3f unweighted, %.3f with positive_weight 4%n", plain, weighted);
        assertTrue(weighted > plain + 0.1, "weighting positives 4:1 shifts scores up: " + plain + " -> " + weighted);

        for (Optimizer optimizer : List.of(Optimizer.NESTEROVS, Optimizer.RMSPROP)) {
            var ctx = TestStepContext.builder().outputDir(dir.resolve(optimizer.yamlName())).upstream("validated", validated).build();
            StepResult result = new TrainNetworkStep().run(params(optimizer, 1.0), ctx);
            assertTrue(result.metrics().get("best_validation_auc") > 0.7, optimizer + ": " + result.message());
            // model.json records the name as the pipeline writes it, as it did when the optimizer was a string.
            assertEquals(optimizer.yamlName(), TrainedModel.load(Path.of(result.outputs().get("model"))).descriptor()
                    .hyperparameters().get("optimizer"));
        }
    }

    private static TrainParams params(Optimizer optimizer, double positiveWeight) {
        return new TrainParams("churn", "Yes", "customer_id", TelcoData.FEATURES, null,
                new NetworkParams(List.of(32, 16), Activation.RELU, 0.005, 8, 64, 1e-4, null, null, optimizer, positiveWeight));
    }

    /** The mean score the trained model gives its validation split. */
    private static double meanScore(Path out, Path validated, Optimizer optimizer, double positiveWeight) throws Exception {
        var ctx = TestStepContext.builder().outputDir(out).upstream("validated", validated).build();
        StepResult result = new TrainNetworkStep().run(params(optimizer, positiveWeight), ctx);
        TrainedModel model = TrainedModel.load(Path.of(result.outputs().get("model")));
        var rows = TestSpark.session().read().parquet(result.outputs().get("validation_split"));
        return model.score(TestSpark.session(), rows, "customer_id").agg(
                org.apache.spark.sql.functions.avg("score")).first().getDouble(0);
    }

    private static String trainAndHash(Path out, Path validated, long seed) throws Exception {
        return trainAndHash(out, validated, seed, null);
    }

    private static String trainAndHash(Path out, Path validated, long seed, Double dropout) throws Exception {
        var ctx = TestStepContext.builder().outputDir(out).seed(seed).upstream("validated", validated).build();
        var params = new TrainParams("churn", "Yes", "customer_id", TelcoData.FEATURES, null,
                new NetworkParams(List.of(32, 16), Activation.RELU, 0.005, 3, 64, 1e-4, dropout, null, null, null));
        StepResult result = new TrainNetworkStep().run(params, ctx);
        float[] weights = TrainedModel.load(Path.of(result.outputs().get("model"))).parameters();
        ByteBuffer bytes = ByteBuffer.allocate(weights.length * 4);
        for (float w : weights) bytes.putFloat(w);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    }
}
