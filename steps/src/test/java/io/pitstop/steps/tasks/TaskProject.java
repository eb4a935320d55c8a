package io.pitstop.steps.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.registry.SqlRegistry;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.step.StepResult;
import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.steps.TelcoData;
import io.pitstop.steps.TestStepContext;
import io.pitstop.steps.evaluate.EvaluateClassifierStep;
import io.pitstop.steps.evaluate.EvaluateParams;
import io.pitstop.steps.gate.GateStep;
import io.pitstop.steps.release.PackageStep;
import io.pitstop.steps.release.PromoteStep;
import io.pitstop.steps.score.ScoreBatchStep;
import io.pitstop.steps.train.TrainNetworkStep;
import io.pitstop.steps.train.TrainParams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One project directory taking a model of any task through every step that touches its output, for
 * real: train on the first rows of the Telco data, evaluate on the test split, gate, package (signed,
 * with the bundled contract), promote, and batch-score a CSV slice into a Delta table — with a
 * SQLite registry of its own.
 */
final class TaskProject implements AutoCloseable {

    static final ObjectMapper JSON = Json.MAPPER;
    static final Path CONTRACT = Path.of("..", "data-contracts", "telco-churn.yaml").toAbsolutePath().normalize();
    static final String TABLE = "tables/predictions";

    final Path dir;
    final SqlRunStore store;
    final SqlRegistry registry;
    StepResult train;
    StepResult evaluate;
    /** The pipeline's model block every step sees; its decision threshold is the one the steps decide at. */
    io.pitstop.engine.step.ModelInfo model = new io.pitstop.engine.step.ModelInfo("churn", "tests", null, null, null);

    TaskProject(Path dir) {
        this.dir = dir;
        this.store = SqlRunStore.open("jdbc:sqlite:" + dir.resolve("pitstop.db"));
        this.registry = new SqlRegistry(store);
    }

    TestStepContext.Builder context(String name) throws IOException {
        return TestStepContext.builder().projectDir(dir).stateDir(dir.resolve(".pitstop")).registry(registry).model(model)
                .runId("run-" + name).seed(42).outputDir(Files.createDirectories(dir.resolve("out-" + name)));
    }

    StepResult train(TrainParams params, int rows) throws Exception {
        Path validated = TelcoData.validatedParquet(dir, rows);
        train = new TrainNetworkStep().run(params, context("train").upstream("validated", validated).build());
        return train;
    }

    /** Trains on {@code validated}, a typed Parquet directory of rows as validated, in a step output of its own. */
    StepResult train(TrainParams params, Path validated, String name) throws Exception {
        train = new TrainNetworkStep().run(params, context(name).upstream("validated", validated).build());
        return train;
    }

    StepResult evaluate(List<String> slices) throws Exception {
        return evaluate(new EvaluateParams(slices), "evaluate");
    }

    StepResult evaluate(EvaluateParams params, String name) throws Exception {
        evaluate = new EvaluateClassifierStep().run(params, context(name)
                .upstream("model", output(train, "model")).upstream("test_split", output(train, "test_split")).build());
        return evaluate;
    }

    StepResult gate(String name, GateStep.Params params) throws Exception {
        Path validation = io.pitstop.steps.TestArtifacts.passedValidation(dir.resolve("validation.json"));
        return new GateStep().run(params, context(name)
                .upstream("model", output(train, "model")).upstream("test_split", output(train, "test_split"))
                .upstream("metrics", output(evaluate, "metrics")).upstream("validation_report", validation).build());
    }

    /** Packages and promotes to production what passed {@code gate}; returns the package step's result. */
    StepResult release(StepResult gate) throws Exception {
        Path dataVersion = Files.writeString(dir.resolve("data-version.json"),
                "{\"path\": \"data/telco_churn.csv\", \"md5\": \"abc\", \"size\": 10}");
        StepResult pkg = new PackageStep().run(new PackageStep.Params(), context("package")
                .upstream("model", output(train, "model")).upstream("metrics", output(evaluate, "metrics"))
                .upstream("gate_report", output(gate, "gate_report")).upstream("contract", CONTRACT)
                .upstream("data_version", dataVersion)
                .upstream("validation_report", dir.resolve("validation.json")).build());
        assertEquals(StepResult.Outcome.SUCCEEDED, pkg.outcome(), pkg.message());
        StepResult promoted = new PromoteStep().run(new PromoteStep.Params(Stage.PRODUCTION, "ci"), context("promote")
                .upstream("package", output(pkg, "package")).upstream("model_version", pkg.outputs().get("model_version"))
                .upstream("gate_report", output(gate, "gate_report")).build());
        assertEquals(StepResult.Outcome.SUCCEEDED, promoted.outcome(), promoted.message());
        return pkg;
    }

    /** Scores the first {@code rows} Telco customers (a CSV as it lands) with the production model. */
    StepResult score(int rows) throws Exception {
        List<String> lines;
        try (Stream<String> all = Files.lines(TelcoData.CSV)) {
            lines = all.limit(rows + 1L).toList();
        }
        Files.write(dir.resolve("input.csv"), lines);
        return new ScoreBatchStep().run(new ScoreBatchStep.Params("input.csv", TABLE, null, null),
                context("score").build());
    }

    JsonNode metricsJson() throws IOException {
        return JSON.readTree(output(evaluate, "metrics").toFile());
    }

    static Path output(StepResult result, String name) {
        String value = result.outputs().get(name);
        if (value == null) throw new IllegalStateException("no output '" + name + "' in " + result.outputs() + ": " + result.message());
        return Path.of(value);
    }

    /** The features of the demo pipeline without {@code column}, which becomes the label. */
    static io.pitstop.steps.features.FeatureSpec featuresWithout(String column) {
        return new io.pitstop.steps.features.FeatureSpec(
                TelcoData.FEATURES.categorical().stream().filter(c -> !c.equals(column)).toList(),
                TelcoData.FEATURES.numeric().stream().filter(c -> !c.equals(column)).toList());
    }

    static Map<String, Double> overall(JsonNode metrics) {
        var overall = new java.util.TreeMap<String, Double>();
        metrics.path("overall").fields().forEachRemaining(e -> {
            if (e.getValue().isNumber()) overall.put(e.getKey(), e.getValue().asDouble());
        });
        return overall;
    }

    @Override
    public void close() {
        store.close();
    }
}
