package io.pitstop.steps.onnx;

import io.pitstop.engine.json.Json;
import io.pitstop.engine.pkg.ModelPackage;
import io.pitstop.engine.pkg.PackageLayout;
import io.pitstop.engine.pkg.PackageManifest;
import io.pitstop.engine.pkg.PackageWriter;
import io.pitstop.engine.pkg.SemVer;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.TelcoData;
import io.pitstop.steps.TestSpark;
import io.pitstop.steps.TestStepContext;
import io.pitstop.steps.features.FeatureSpec;
import io.pitstop.steps.model.ModelTask;
import io.pitstop.steps.model.TrainedModel;
import io.pitstop.steps.train.Activation;
import io.pitstop.steps.train.NetworkParams;
import io.pitstop.steps.train.TrainNetworkStep;
import io.pitstop.steps.train.TrainParams;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three tasks' models, trained once per test JVM on the first 1,500 Telco rows (a different hidden
 * activation each), packaged (signed, with {@code model.onnx} and {@code features.json}), and 10,000
 * scoring rows with their scores by Pitstop's own scorer: Telco rows, cycled, with missing numbers (null
 * and NaN), missing categories (null, empty, blank), unseen categories, and a non-breaking space, which
 * {@link String#isBlank} does not call blank.
 */
final class PortableCases {

    static final int ROWS = 10_000;
    static final List<String> CONTRACTS = List.of("Month-to-month", "One year", "Two year");

    /** One task's package, opened (verified), and what its scorer said about {@link #rows()}. */
    record Case(String name, ModelPackage pkg, TrainedModel model, byte[] onnx, List<Row> scored) {
    }

    private static Map<String, Case> cases;
    private static List<Row> rows;
    private static Path dir;

    private PortableCases() {
    }

    static synchronized Map<String, Case> all() {
        if (cases == null) {
            try {
                dir = Files.createTempDirectory("pitstop-onnx");
                Path validated = TelcoData.validatedParquet(dir, 1500);
                var built = new LinkedHashMap<String, Case>();
                built.put("binary", build("binary", new TrainParams("churn", "Yes", "customer_id", TelcoData.FEATURES,
                        null, network(Activation.RELU)), validated));
                built.put("multiclass", build("multiclass", new TrainParams(ModelTask.MULTICLASS, "contract", null, CONTRACTS,
                        null, "customer_id", without("contract"), null, network(Activation.TANH)), validated));
                built.put("regression", build("regression", new TrainParams(ModelTask.REGRESSION, "monthly_charges", null, null,
                        null, "customer_id", without("monthly_charges"), null, network(Activation.ELU)), validated));
                cases = built;
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the ONNX test cases", e);
            }
        }
        return cases;
    }

    static Case get(String name) {
        return all().get(name);
    }

    private static NetworkParams network(Activation activation) {
        return new NetworkParams(List.of(16, 8), activation, 0.01, 4, 64, null, null, null, null, null);
    }

    private static FeatureSpec without(String column) {
        return new FeatureSpec(TelcoData.FEATURES.categorical().stream().filter(c -> !c.equals(column)).toList(),
                TelcoData.FEATURES.numeric().stream().filter(c -> !c.equals(column)).toList());
    }

    /** A binary classifier of churn whose hidden layers use {@code activation}, trained on the cases' rows. */
    static TrainedModel binary(Activation activation) throws Exception {
        all();
        return TrainedModel.load(train("binary-" + activation.yamlName(), new TrainParams("churn", "Yes", "customer_id",
                TelcoData.FEATURES, null, network(activation)), dir.resolve("validated")));
    }

    private static Path train(String name, TrainParams params, Path validated) throws Exception {
        StepResult trained = new TrainNetworkStep().run(params, TestStepContext.builder()
                .outputDir(dir.resolve("train-" + name)).seed(42).upstream("validated", validated).build());
        if (trained.outcome() != StepResult.Outcome.SUCCEEDED) throw new IllegalStateException(trained.message());
        return Path.of(trained.outputs().get("model"));
    }

    private static Case build(String name, TrainParams params, Path validated) throws Exception {
        Path modelDir = train(name, params, validated);

        // A package as release.package stages it: the model directory, then the portable model beside it.
        Path staging = dir.resolve("staging-" + name);
        copy(modelDir, PackageLayout.MODEL.in(staging));
        PortableModel.of(TrainedModel.load(modelDir)).writeTo(staging);
        var keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        var manifest = PackageManifest.of(name, new SemVer(1, 0, 0), Instant.parse("2026-12-07T06:00:00Z"), Map.of(),
                Json.MAPPER.createObjectNode(), Map.of());
        ModelPackage pkg = new PackageWriter(dir.resolve("packages"), keys.getPrivate(), keys.getPublic())
                .write(staging, manifest);

        TrainedModel model = TrainedModel.load(pkg.resolve(PackageLayout.MODEL));
        byte[] onnx = Files.readAllBytes(pkg.resolve(PackageLayout.ONNX_MODEL));
        Dataset<Row> input = TestSpark.session().createDataFrame(rows(), schema());
        List<Row> scored = model.score(TestSpark.session(), input, "customer_id").orderBy("customer_id").collectAsList();
        return new Case(name, pkg, model, onnx, scored);
    }

    /** Telco's schema with every column nullable: the rows have gaps anywhere. */
    static org.apache.spark.sql.types.StructType schema() {
        return org.apache.spark.sql.types.DataTypes.createStructType(java.util.Arrays.stream(TelcoData.schema().fields())
                .map(f -> org.apache.spark.sql.types.DataTypes.createStructField(f.name(), f.dataType(), true)).toList());
    }

    /** The scoring rows, in key order ({@code R00000}...). */
    static synchronized List<Row> rows() {
        if (rows != null) return rows;
        List<Row> telco = TelcoData.first(Integer.MAX_VALUE).collectAsList();
        var names = List.of(TelcoData.schema().fieldNames());
        List<String> numeric = TelcoData.FEATURES.numeric();
        List<String> categorical = TelcoData.FEATURES.categorical();
        var out = new ArrayList<Row>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            Object[] v = new Object[names.size()];
            Row from = telco.get(i % telco.size());
            for (int c = 0; c < v.length; c++) v[c] = from.get(c);
            v[names.indexOf("customer_id")] = String.format("R%05d", i);
            String num = numeric.get(i % numeric.size());
            String cat = categorical.get(i % categorical.size());
            if (i % 7 == 1) v[names.indexOf(num)] = null;
            if (i % 23 == 6) v[names.indexOf("total_charges")] = Double.NaN;
            if (i % 31 == 9) v[names.indexOf("monthly_charges")] = Double.NaN;
            if (i % 11 == 2) v[names.indexOf(cat)] = null;
            if (i % 13 == 3) v[names.indexOf(cat)] = "";
            if (i % 17 == 4) v[names.indexOf(cat)] = " \t\u2003";
            if (i % 19 == 5) v[names.indexOf(cat)] = "Unheard of";
            if (i % 29 == 7) v[names.indexOf(cat)] = "\u00A0";
            out.add(RowFactory.create(v));
        }
        rows = List.copyOf(out);
        return rows;
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
    }
}
