package io.pitstop.steps.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** metrics.json read back as the gate reads it: an undefined metric (written as null) is undefined, not 0. */
class MetricsReportTest {

    @Test
    void anUndefinedMetricReadsBackAsNaNAndIsLeftOutOfWhatTheGateJudges(@TempDir Path dir) throws Exception {
        // A segment with one class has no AUC; every other number is defined.
        var segment = new SliceMetrics(40, Double.NaN, 0.3, 0.9, 0.0);
        var overall = new ClassifierMetrics(400, 0.81, 0.42, 0.8, 0.6, 0.5, 0.55, 0.2, 0.25, 50, 30, 270, 50);
        var slices = new TreeMap<String, java.util.SortedMap<String, SliceMetrics>>();
        slices.put("contract", new TreeMap<>(Map.of("Two year", segment)));
        var written = new EvaluationReport(EvaluationReport.FORMAT_VERSION, 0.3, "model", "test", overall, List.of(), slices);
        Path file = dir.resolve(MetricsReport.FILE_NAME);
        written.write(file);
        assertTrue(Files.readString(file).contains("\"auc\" : null"), Files.readString(file));
        // Without protected columns the file is what it was before fairness existed: old reports read alike.
        assertFalse(Files.readString(file).contains("fairness"), Files.readString(file));

        MetricsReport read = MetricsReport.read(file);

        var binary = assertInstanceOf(EvaluationReport.class, read);
        assertEquals(0.3, binary.decisionThreshold().value());
        assertTrue(Double.isNaN(binary.slices().get("contract").get("Two year").auc()));
        var judged = read.segments("contract").get("Two year");
        assertEquals(40, judged.rows());
        assertFalse(judged.metrics().containsKey("auc"), judged.metrics().toString());
        assertEquals(0.9, judged.metrics().get("accuracy"));
        assertEquals(0.81, read.stepMetrics().get("auc"));
        assertTrue(read.fairness().isEmpty());
    }

    @Test
    void aTaskReportIsReadByItsTask(@TempDir Path dir) throws Exception {
        var overall = new TreeMap<String, Double>(Map.of("count", 100.0, "rmse", 3.2, "r2", Double.NaN));
        var written = new TaskEvaluationReport(EvaluationReport.FORMAT_VERSION, "regression", "model", "test", null,
                overall, null, null, new TreeMap<>(), null);
        Path file = dir.resolve(MetricsReport.FILE_NAME);
        written.write(file);

        MetricsReport read = MetricsReport.read(file);

        assertInstanceOf(TaskEvaluationReport.class, read);
        assertEquals(Map.of("count", 100.0, "rmse", 3.2), read.stepMetrics());
    }
}
