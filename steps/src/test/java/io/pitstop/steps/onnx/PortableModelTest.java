package io.pitstop.steps.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.pitstop.engine.pkg.PackageLayout;
import io.pitstop.steps.features.CategoricalLevels;
import io.pitstop.steps.features.NumericStats;
import io.pitstop.steps.model.TrainedModel;
import io.pitstop.steps.train.Activation;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A package's {@code model.onnx}, run by ONNX Runtime's Java API on the 10,000 rows of {@link PortableCases}
 * (missing, blank and unseen values among them), gives the scores Pitstop's own scorer gives: binary,
 * multiclass and regression.
 */
class PortableModelTest {

    /** Largest difference allowed between the two runtimes' float32 scores (relative above 1: regression values). */
    static final double TOLERANCE = 1e-5;

    @Test
    void aBinaryModelScoresInOnnxRuntimeAsPitstopScoresIt() throws Exception {
        var c = PortableCases.get("binary");
        Map<String, Object> out = run(c);
        float[] score = (float[]) out.get("score");
        boolean[] decision = (boolean[]) out.get("decision");
        double threshold = c.model().descriptor().threshold();
        for (int i = 0; i < PortableCases.ROWS; i++) {
            double expected = c.scored().get(i).getDouble(1);
            assertEquals(expected, score[i], TOLERANCE, "row " + i);
            if (Math.abs(expected - threshold) > TOLERANCE) assertEquals(expected >= threshold, decision[i], "row " + i);
        }
    }

    @Test
    void aMulticlassModelGivesTheClassProbabilitiesAndThePredictedLabel() throws Exception {
        var c = PortableCases.get("multiclass");
        Map<String, Object> out = run(c);
        float[] score = (float[]) out.get("score");
        String[] prediction = (String[]) out.get("prediction");
        float[][] probabilities = (float[][]) out.get("probabilities");
        var predicted = new java.util.TreeSet<String>();
        for (int i = 0; i < PortableCases.ROWS; i++) {
            Row r = c.scored().get(i);
            assertEquals(r.getDouble(1), score[i], TOLERANCE, "row " + i);
            List<Double> p = r.getList(3);
            for (int k = 0; k < p.size(); k++) assertEquals(p.get(k), probabilities[i][k], TOLERANCE, "row " + i + " class " + k);
            if (secondLargestGap(p) > TOLERANCE) assertEquals(r.getString(2), prediction[i], "row " + i);
            predicted.add(prediction[i]);
        }
        assertTrue(predicted.size() >= 2, "predicts more than one class: " + predicted);
    }

    @Test
    void aRegressionModelGivesTheValueInTheLabelsUnits() throws Exception {
        var c = PortableCases.get("regression");
        float[] score = (float[]) run(c).get("score");
        double largest = 0;
        for (int i = 0; i < PortableCases.ROWS; i++) {
            double expected = c.scored().get(i).getDouble(1);
            largest = Math.max(largest, Math.abs(expected - score[i]) / Math.max(1, Math.abs(expected)));
            assertEquals(expected, score[i], TOLERANCE * Math.max(1, Math.abs(expected)), "row " + i);
        }
        System.out.println("regression: largest relative difference " + largest);
    }

    @Test
    void aPackageWrittenBeforeModelOnnxStillOpensAndScores(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        var c = PortableCases.get("binary");
        // Staged as packages were before: the model directory, no model.onnx, no features.json.
        var staging = dir.resolve("staging");
        java.nio.file.Files.createDirectories(PackageLayout.MODEL.in(staging));
        try (var files = java.nio.file.Files.list(c.pkg().resolve(PackageLayout.MODEL))) {
            for (var f : files.toList()) java.nio.file.Files.copy(f, PackageLayout.MODEL.in(staging).resolve(f.getFileName()));
        }
        var keys = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        var manifest = io.pitstop.engine.pkg.PackageManifest.of("old", new io.pitstop.engine.pkg.SemVer(1, 0, 0),
                java.time.Instant.parse("2026-01-01T00:00:00Z"), Map.of(), io.pitstop.engine.json.Json.MAPPER.createObjectNode(), Map.of());
        new io.pitstop.engine.pkg.PackageWriter(dir.resolve("packages"), keys.getPrivate(), keys.getPublic()).write(staging, manifest);

        var old = io.pitstop.engine.pkg.ModelPackage.open(dir.resolve("packages/old-1.0.0"), keys.getPublic());
        assertTrue(!old.has(PackageLayout.ONNX_MODEL) && !old.has(PackageLayout.FEATURES), old.files().toString());
        var model = TrainedModel.load(old.resolve(PackageLayout.MODEL));
        var scored = model.score(io.pitstop.steps.TestSpark.session(), io.pitstop.steps.TestSpark.session()
                .createDataFrame(PortableCases.rows().subList(0, 100), PortableCases.schema()), "customer_id")
                .orderBy("customer_id").collectAsList();
        // The same network; only the batch size differs, which moves the last float bits of a forward pass.
        for (int i = 0; i < 100; i++) assertEquals(c.scored().get(i).getDouble(1), scored.get(i).getDouble(1), 1e-6, "row " + i);
    }

    @Test
    void everyOtherHiddenActivationIsExportedAsDl4jComputesIt() throws Exception {
        List<Row> rows = PortableCases.rows().subList(0, 2000);
        for (var activation : List.of(Activation.LEAKY_RELU, Activation.SELU, Activation.SIGMOID)) {
            TrainedModel model = PortableCases.binary(activation);
            var encoder = model.transform().bind(PortableCases.schema());
            float[] encoded = new float[rows.size() * encoder.width()];
            for (int i = 0; i < rows.size(); i++) encoder.encode(rows.get(i), encoded, i * encoder.width());
            float[] expected = model.predict(encoded, rows.size());
            var env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(PortableModel.of(model).onnx(), new OrtSession.SessionOptions())) {
                Map<String, OnnxTensor> inputs = inputs(env, model, rows);
                try (OrtSession.Result result = session.run(inputs)) {
                    float[] score = (float[]) result.get("score").orElseThrow().getValue();
                    for (int i = 0; i < rows.size(); i++) assertEquals(expected[i], score[i], TOLERANCE, activation + " row " + i);
                } finally {
                    inputs.values().forEach(OnnxTensor::close);
                }
            }
        }
    }

    @Test
    void aColumnWithNoLevelInTrainingAndAColumnNamedScoreExportToo() throws Exception {
        // A categorical column missing in every training row (no level: only unseen and missing slots) and a
        // numeric column called "score", which the output of that name must not collide with.
        var transform = new io.pitstop.steps.features.FeatureTransform(
                List.of(new NumericStats("x", 1.0, 2.0), new NumericStats("score", -3.0, 0.5)),
                List.of(new CategoricalLevels("empty", List.of()), new CategoricalLevels("c", List.of("a", "b"))));
        var network = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(
                new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(7)
                        .weightInit(org.deeplearning4j.nn.weights.WeightInit.XAVIER).list()
                        .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(transform.width()).nOut(5)
                                .activation(org.nd4j.linalg.activations.Activation.RELU).build())
                        .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                                org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.XENT).nIn(5).nOut(1)
                                .activation(org.nd4j.linalg.activations.Activation.SIGMOID).build())
                        .build());
        network.init();
        var descriptor = new io.pitstop.steps.model.ModelDescriptor(1, "label", "yes", "id", transform.spec(), 0.5,
                transform.width(), 7, 1, 1, Map.of());
        TrainedModel model = TrainedModel.of(descriptor, transform, network);
        PortableModel portable = PortableModel.of(model);
        assertEquals(List.of("score_2", "decision"), portable.document().outputs().stream().map(EncodingDocument.Output::name).toList());
        assertEquals(List.of("x", "score", "empty=<unseen>", "empty=<missing>", "c=a", "c=b", "c=<unseen>", "c=<missing>"),
                portable.document().slots());

        var schema = org.apache.spark.sql.types.DataTypes.createStructType(List.of(
                org.apache.spark.sql.types.DataTypes.createStructField("x", org.apache.spark.sql.types.DataTypes.DoubleType, true),
                org.apache.spark.sql.types.DataTypes.createStructField("score", org.apache.spark.sql.types.DataTypes.DoubleType, true),
                org.apache.spark.sql.types.DataTypes.createStructField("empty", org.apache.spark.sql.types.DataTypes.StringType, true),
                org.apache.spark.sql.types.DataTypes.createStructField("c", org.apache.spark.sql.types.DataTypes.StringType, true)));
        Object[][] values = {{1.0, 2.0, null, "a"}, {null, -1.0, "x", "b"}, {Double.NaN, 0.0, " ", "z"}, {5.0, null, "", null},
                {-4.0, 8.0, "y", "\t"}};
        float[] encoded = new float[values.length * transform.width()];
        double[] x = new double[values.length];
        double[] score = new double[values.length];
        String[] empty = new String[values.length];
        String[] c = new String[values.length];
        var bound = transform.bind(schema);
        for (int i = 0; i < values.length; i++) {
            bound.encode(org.apache.spark.sql.RowFactory.create(values[i]), encoded, i * transform.width());
            x[i] = values[i][0] == null ? Double.NaN : (Double) values[i][0];
            score[i] = values[i][1] == null ? Double.NaN : (Double) values[i][1];
            empty[i] = values[i][2] == null ? "" : (String) values[i][2];
            c[i] = values[i][3] == null ? "" : (String) values[i][3];
        }
        float[] expected = model.predict(encoded, values.length);
        var env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(portable.onnx(), new OrtSession.SessionOptions());
             var tx = OnnxTensor.createTensor(env, x); var ts = OnnxTensor.createTensor(env, score);
             var te = OnnxTensor.createTensor(env, empty); var tc = OnnxTensor.createTensor(env, c);
             OrtSession.Result result = session.run(Map.of("x", tx, "score", ts, "empty", te, "c", tc))) {
            float[] got = (float[]) result.get("score_2").orElseThrow().getValue();
            for (int i = 0; i < values.length; i++) assertEquals(expected[i], got[i], TOLERANCE, "row " + i);
        }
    }

    @Test
    void blankMeansWhatStringIsBlankMeans() {
        // Exactly Java's whitespace code points, as RE2 ranges: the non-breaking spaces are not among them.
        String pattern = PortableModel.blankPattern();
        assertEquals("[\\x{9}-\\x{D}\\x{1C}-\\x{20}\\x{1680}\\x{2000}-\\x{2006}\\x{2008}-\\x{200A}\\x{2028}-\\x{2029}"
                + "\\x{205F}\\x{3000}]*", pattern);
    }

    static double secondLargestGap(List<Double> p) {
        var sorted = p.stream().sorted(java.util.Comparator.reverseOrder()).toList();
        return sorted.get(0) - sorted.get(1);
    }

    /** Runs the case's model.onnx on every row: each output by name, as Java arrays. */
    static Map<String, Object> run(PortableCases.Case c) throws Exception {
        var env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(c.onnx(), new OrtSession.SessionOptions())) {
            Map<String, OnnxTensor> inputs = inputs(env, c.model(), PortableCases.rows());
            try (OrtSession.Result result = session.run(inputs)) {
                var out = new HashMap<String, Object>();
                for (Map.Entry<String, OnnxValue> e : result) out.put(e.getKey(), e.getValue().getValue());
                return out;
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }
    }

    /** The documented convention: numeric columns as doubles with NaN for missing, categories as strings with "" for missing. */
    static Map<String, OnnxTensor> inputs(OrtEnvironment env, TrainedModel model, List<Row> rows) throws Exception {
        var inputs = new HashMap<String, OnnxTensor>();
        var schema = PortableCases.schema();
        for (NumericStats n : model.transform().numeric()) {
            int at = schema.fieldIndex(n.name());
            double[] values = new double[rows.size()];
            for (int i = 0; i < values.length; i++) {
                Row r = rows.get(i);
                values[i] = r.isNullAt(at) ? Double.NaN : ((Number) r.get(at)).doubleValue();
            }
            inputs.put(n.name(), OnnxTensor.createTensor(env, values));
        }
        for (CategoricalLevels levels : model.transform().categorical()) {
            int at = schema.fieldIndex(levels.name());
            String[] values = new String[rows.size()];
            for (int i = 0; i < values.length; i++) values[i] = rows.get(i).isNullAt(at) ? "" : rows.get(i).getString(at);
            inputs.put(levels.name(), OnnxTensor.createTensor(env, values));
        }
        return inputs;
    }
}
