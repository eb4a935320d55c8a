package io.pitstop.steps.onnx;

import io.pitstop.engine.json.Json;
import io.pitstop.engine.pkg.FileTree;
import io.pitstop.engine.pkg.PackageLayout;
import io.pitstop.steps.ChildProcess;
import io.pitstop.steps.TelcoData;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packages' {@code model.onnx} scored by ONNX Runtime from PyPI, outside the JVM: writes the three
 * {@link PortableCases} (each package's model.onnx and features.json as packaged, the 10,000 rows, Pitstop's
 * scores) to {@code steps/target/onnx-cases} and runs {@code python/tests/test_onnx_model.py} with the
 * project venv's pytest, after {@code bin/setup-onnx} installed the pinned onnxruntime (a no-op once done).
 */
class PortableModelPythonTest {

    @Test
    void onnxRuntimeInPythonScoresEveryTaskAsPitstopDoes() throws Exception {
        Path cases = Path.of("target", "onnx-cases").toAbsolutePath();
        if (Files.exists(cases)) FileTree.delete(cases);
        writeRows(cases);
        for (PortableCases.Case c : PortableCases.all().values()) {
            Path dir = Files.createDirectories(cases.resolve(c.name()));
            Files.copy(c.pkg().resolve(PackageLayout.ONNX_MODEL), dir.resolve("model.onnx"));
            Files.copy(c.pkg().resolve(PackageLayout.FEATURES), dir.resolve("features.json"));
            Files.writeString(dir.resolve("expected.json"), Json.MAPPER.writeValueAsString(expected(c)), StandardCharsets.UTF_8);
        }

        Path root = Path.of(System.getProperty("pitstop.home", "..")).toAbsolutePath().normalize();
        Process setup = new ProcessBuilder(root.resolve("bin/setup-onnx").toString()).directory(root.toFile()).inheritIO().start();
        assertTrue(setup.waitFor(15, TimeUnit.MINUTES) && setup.exitValue() == 0, "bin/setup-onnx failed: it installs onnxruntime");
        var pytest = new ProcessBuilder(root.resolve(".venv/bin/python").toString(), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                root.resolve("python/tests/test_onnx_model.py").toString()).directory(root.toFile()).redirectErrorStream(true);
        pytest.environment().put("PITSTOP_ONNX_CASES", cases.toString());
        // Output to a file and a bounded wait: a hung pytest fails the test instead of hanging the build.
        var done = ChildProcess.run(pytest, Duration.ofMinutes(5), cases.resolve("logs"));
        String out = done.output();
        System.out.println(out);
        assertEquals(0, done.exitCode(), out);
        assertTrue(out.contains("5 passed") && !out.contains("skipped"), out);
    }

    /** The feature columns of every case and the key, column by column; null where a value is missing. */
    private static void writeRows(Path cases) throws Exception {
        var schema = PortableCases.schema();
        var columns = new LinkedHashMap<String, List<Object>>();
        var names = new ArrayList<String>(List.of("customer_id"));
        names.addAll(TelcoData.FEATURES.columns());
        for (String name : names) {
            int at = schema.fieldIndex(name);
            var values = new ArrayList<Object>();
            for (Row r : PortableCases.rows()) values.add(r.isNullAt(at) ? null : r.get(at));
            columns.put(name, values);
        }
        Files.createDirectories(cases);
        Files.writeString(cases.resolve("rows.json"), Json.MAPPER.writeValueAsString(columns), StandardCharsets.UTF_8);
    }

    /** Pitstop's scorer's columns for the case, by the names of the ONNX outputs that reproduce them. */
    private static Map<String, Object> expected(PortableCases.Case c) {
        var out = new LinkedHashMap<String, Object>();
        var score = new ArrayList<Double>();
        var prediction = new ArrayList<String>();
        var probabilities = new ArrayList<List<Double>>();
        var decision = new ArrayList<Boolean>();
        double threshold = c.model().descriptor().threshold();
        for (Row r : c.scored()) {
            score.add(r.getDouble(1));
            decision.add(r.getDouble(1) >= threshold);
            if (r.size() > 2) {
                prediction.add(r.getString(2));
                probabilities.add(r.getList(3));
            }
        }
        out.put("score", score);
        if (c.name().equals("binary")) out.put("decision", decision);
        if (!prediction.isEmpty()) {
            out.put("prediction", prediction);
            out.put("probabilities", probabilities);
        }
        return out;
    }
}
