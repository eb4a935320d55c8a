package io.pitstop.steps.model;

import io.pitstop.steps.features.FeatureSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** model.json across tasks: old files read as binary, new ones round-trip, a binary model keeps its identity text. */
class ModelDescriptorTest {

    private static final FeatureSpec FEATURES = new FeatureSpec(List.of("contract"), List.of("tenure"));

    /** The descriptor as it was before tasks existed; its record text is what identities were digested from. */
    record ModelDescriptor(int formatVersion, String label, String positive, String key, FeatureSpec features,
                           double threshold, int inputWidth, long seed, int epochsRun, int bestEpoch,
                           Map<String, Object> hyperparameters) {
    }

    @Test
    void aBinaryDescriptorPrintsAsBeforeSoItsModelKeepsItsIdentity() {
        Map<String, Object> hyper = new java.util.TreeMap<>(Map.of("epochs", 3, "hidden", List.of(8)));
        var now = new io.pitstop.steps.model.ModelDescriptor(1, "churn", "Yes", "customer_id", FEATURES, 0.5, 5, 42,
                3, 2, hyper);
        var before = new ModelDescriptor(1, "churn", "Yes", "customer_id", FEATURES, 0.5, 5, 42, 3, 2, hyper);
        assertEquals(before.toString(), now.toString());
        var multiclass = new io.pitstop.steps.model.ModelDescriptor(1, "contract", null, "customer_id", FEATURES, 0.5, 5,
                42, 3, 2, hyper, "multiclass", List.of("a", "b"), null, null);
        assertTrue(multiclass.toString().endsWith(", task=multiclass, classes=[a, b], targetMean=null, targetScale=null]"));
    }

    @Test
    void aModelJsonWithoutAThresholdDecidesAtTheDefaultNotAtZero(@TempDir Path dir) throws Exception {
        Path noThreshold = Files.writeString(dir.resolve("model.json"), """
                { "format_version": 1, "label": "churn", "positive": "Yes", "key": "customer_id",
                  "features": { "categorical": ["contract"], "numeric": ["tenure"] },
                  "input_width": 5, "seed": 42, "epochs_run": 3, "best_epoch": 2, "hyperparameters": {} }
                """);
        assertEquals(io.pitstop.engine.step.DecisionThreshold.DEFAULT,
                io.pitstop.steps.model.ModelDescriptor.read(noThreshold).decisionThreshold());
    }

    @Test
    void aModelJsonWithoutATaskIsBinaryAndEachTaskRoundTrips(@TempDir Path dir) throws Exception {
        Path old = dir.resolve("old.json");
        Files.writeString(old, """
                { "format_version": 1, "label": "churn", "positive": "Yes", "key": "customer_id",
                  "features": { "categorical": ["contract"], "numeric": ["tenure"] }, "threshold": 0.5,
                  "input_width": 5, "seed": 42, "epochs_run": 3, "best_epoch": 2, "hyperparameters": {} }
                """);
        var read = io.pitstop.steps.model.ModelDescriptor.read(old);
        assertEquals(ModelTask.BINARY, read.modelTask());
        assertEquals("Yes", read.target().positive());

        var regression = new io.pitstop.steps.model.ModelDescriptor(1, "tenure", null, "customer_id", FEATURES, 0.5, 5,
                42, 3, 2, Map.of(), "regression", null, 32.5, 24.1);
        regression.write(dir.resolve("regression.json"));
        String json = Files.readString(dir.resolve("regression.json"));
        assertTrue(json.contains("\"target_mean\" : 32.5") && !json.contains("classes"), json);
        assertEquals(regression, io.pitstop.steps.model.ModelDescriptor.read(dir.resolve("regression.json")));
        assertEquals(32.5 + 2 * 24.1, regression.target().decode(2f), 1e-4);

        var multiclass = new io.pitstop.steps.model.ModelDescriptor(1, "contract", null, "customer_id", FEATURES, 0.5, 5,
                42, 3, 2, Map.of(), "multiclass", List.of("a", "b", "c"), null, null);
        multiclass.write(dir.resolve("multiclass.json"));
        assertFalse(Files.readString(dir.resolve("multiclass.json")).contains("target_mean"));
        assertEquals(multiclass, io.pitstop.steps.model.ModelDescriptor.read(dir.resolve("multiclass.json")));
        assertEquals(2f, multiclass.target().encode("c"));
    }

    @Test
    void multiclassAndRegressionModelsAreFormatTwoSoAnOlderReaderRefusesThem(@TempDir Path dir) throws Exception {
        assertEquals(1, io.pitstop.steps.model.ModelDescriptor.formatVersionFor(ModelTask.BINARY));
        assertEquals(2, io.pitstop.steps.model.ModelDescriptor.formatVersionFor(ModelTask.MULTICLASS));
        assertEquals(2, io.pitstop.steps.model.ModelDescriptor.formatVersionFor(ModelTask.REGRESSION));
        var regression = new io.pitstop.steps.model.ModelDescriptor(2, "tenure", null, "customer_id", FEATURES, 0.5, 5,
                42, 3, 2, Map.of(), "regression", null, 32.5, 24.1);
        regression.write(dir.resolve("model.json"));
        assertEquals(regression, io.pitstop.steps.model.ModelDescriptor.read(dir.resolve("model.json")));

        String binaryAsTwo = Files.readString(dir.resolve("model.json")).replace("\"regression\"", "\"binary\"")
                .replace("\"positive\" : null", "\"positive\" : \"Yes\"");
        Files.writeString(dir.resolve("binary.json"), binaryAsTwo);
        var e = assertThrows(IllegalArgumentException.class,
                () -> io.pitstop.steps.model.ModelDescriptor.read(dir.resolve("binary.json")));
        assertTrue(e.getMessage().contains("binary.json has format_version 2 but no multiclass or regression task"),
                e.getMessage());
        Files.writeString(dir.resolve("future.json"), Files.readString(dir.resolve("model.json"))
                .replace("\"format_version\" : 2", "\"format_version\" : 3"));
        e = assertThrows(IllegalArgumentException.class,
                () -> io.pitstop.steps.model.ModelDescriptor.read(dir.resolve("future.json")));
        assertTrue(e.getMessage().contains("future.json has format_version 3; this Pitstop reads versions 1 and 2"),
                e.getMessage());
    }

    @Test
    void aDescriptorOfAnUnknownTaskOrWithoutItsFieldsIsRefused(@TempDir Path dir) throws Exception {
        var e = assertThrows(IllegalArgumentException.class, () -> new io.pitstop.steps.model.ModelDescriptor(1, "x",
                null, "k", FEATURES, 0.5, 5, 42, 3, 2, Map.of(), "ranking", null, null, null));
        assertTrue(e.getMessage().contains("model.json has task 'ranking'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new io.pitstop.steps.model.ModelDescriptor(1, "x", null,
                "k", FEATURES, 0.5, 5, 42, 3, 2, Map.of(), "multiclass", List.of("only"), null, null));
        assertThrows(IllegalArgumentException.class, () -> new io.pitstop.steps.model.ModelDescriptor(1, "x", null,
                "k", FEATURES, 0.5, 5, 42, 3, 2, Map.of(), "regression", null, 1.0, 0.0));
    }
}
