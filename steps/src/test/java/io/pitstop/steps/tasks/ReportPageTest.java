package io.pitstop.steps.tasks;

import io.pitstop.engine.report.ReportSources;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.store.StepStatus;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.contract.DriftSpec;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.Chromium;
import io.pitstop.steps.TelcoData;
import io.pitstop.steps.TrainedTelcoModel;
import io.pitstop.steps.drift.DriftComparison;
import io.pitstop.steps.drift.DriftReport;
import io.pitstop.steps.evaluate.EvaluateParams;
import io.pitstop.steps.gate.GateStep;
import io.pitstop.steps.metrics.EvaluationReport;
import io.pitstop.steps.metrics.FairnessSpec;
import io.pitstop.steps.metrics.Metrics;
import io.pitstop.steps.metrics.OperatingPoints;
import io.pitstop.steps.metrics.SliceMetrics;
import io.pitstop.steps.model.ModelTask;
import io.pitstop.steps.profile.DatasetProfile;
import io.pitstop.steps.profile.DatasetProfiler;
import io.pitstop.steps.report.HtmlReportWriter;
import io.pitstop.steps.train.Activation;
import io.pitstop.steps.train.NetworkParams;
import io.pitstop.steps.train.TrainParams;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./pitstop report}'s page for models of each task, from what the real steps recorded (training
 * curves, metrics.json, the gate report, a profile, drift), rendered by a real headless Chromium: the charts
 * are in the DOM the browser built, nothing is fetched from the network, data is shown and never run, and a
 * screenshot is written to {@code steps/target/report-<task>.png}.
 */
class ReportPageTest {

    private static final int ROWS = 1500;
    private static final String HOSTILE = "<script>alert(1)</script>";

    @Test
    void aBinaryModelsPageHasCurvesRocPrThresholdsCalibrationSlicesGateProfileAndDrift(@TempDir Path dir) throws Exception {
        try (var project = new TaskProject(dir)) {
            StepResult train = project.train(TrainedTelcoModel.params(6, null), ROWS);
            StepResult evaluate = project.evaluate(new EvaluateParams(List.of("contract"),
                    new FairnessSpec(List.of("senior_citizen"), null, null)), "evaluate");
            StepResult gate = project.gate("gate", new GateStep.Params(Map.of("auc", 0.5), null, null));
            var profile = new DatasetProfiler().profile("telco-churn", TelcoData.first(ROWS));
            Path profileFile = dir.resolve("profile.json");
            profile.write(profileFile);
            // Tonight's customers pay half as much again: monthly_charges drifts past the error limit.
            DriftReport drift = new DriftComparison(profile, DriftSpec.defaults()).compare(
                    TelcoData.first(ROWS).withColumn("monthly_charges", functions.col("monthly_charges").multiply(1.5)),
                    List.of("monthly_charges", "tenure", "contract"));
            var monitoring = Json.MAPPER.createObjectNode().set(DriftReport.MONITORING_KEY, drift.toJson());

            var steps = List.of(
                    record("validate", Map.of(DatasetProfile.ARTIFACT.name(), profileFile.toString()), Map.of(), Map.of()),
                    record("train", train.outputs(), train.curves(), Map.of()),
                    record("evaluate", evaluate.outputs(), Map.of(), Map.of()),
                    record("gate", gate.outputs(), Map.of(), Map.of()),
                    record("score", Map.of(), Map.of(), Map.of(DriftReport.MONITORING_REPORT, monitoring)));
            Path page = write(dir, "binary", steps);

            String dom = Chromium.dumpDom(page);
            for (String id : List.of("learning-curves-loss", "learning-curves-metric", "roc-curve", "pr-curve",
                    "calibration-chart", "slice-0", "profile-completeness", "drift-bars")) {
                assertTrue(dom.contains("<svg id=\"" + id + "\""), "the rendered page has no chart " + id);
            }
            for (String id : List.of("roc-threshold", "pr-threshold", "threshold-table", "champion-vs-challenger",
                    "gate-rules", "profile-table", "drift-table")) {
                assertTrue(dom.contains("id=\"" + id + "\""), "the rendered page has no " + id);
            }
            assertTrue(dom.contains("<title>decision threshold 0.50</title>"), "the decision threshold is marked on the curves");
            assertTrue(Pattern.compile("<tr class=\"best[^\"]*\">").matcher(dom).find(), "the best-F1 row is highlighted");
            assertTrue(dom.contains("By senior_citizen"), "fairness per group is shown");
            assertTrue(dom.contains("monthly_charges") && dom.contains("class=\"bar error\""), "the drifted feature's bar is red");
            assertFetchesNothing(dom);
            Chromium.screenshot(page, Path.of("target", "report-binary.png"), 1280, 2400);
        }
    }

    @Test
    void aMulticlassModelsPageHasItsConfusionMatrixAndNoRoc(@TempDir Path dir) throws Exception {
        try (var project = new TaskProject(dir)) {
            var params = new TrainParams(ModelTask.MULTICLASS, "contract", null, List.of("Month-to-month", "One year", "Two year"),
                    null, "customer_id", TaskProject.featuresWithout("contract"), null,
                    new NetworkParams(List.of(32, 16), Activation.RELU, 0.005, 6, 64, 1e-4, null, null, null, null));
            StepResult train = project.train(params, ROWS);
            StepResult evaluate = project.evaluate(new EvaluateParams(List.of("internet_service"), null), "evaluate");
            StepResult gate = project.gate("gate", new GateStep.Params(Map.of("accuracy", 0.3), null, null));
            Path page = write(dir, "multiclass", List.of(record("train", train.outputs(), train.curves(), Map.of()),
                    record("evaluate", evaluate.outputs(), Map.of(), Map.of()), record("gate", gate.outputs(), Map.of(), Map.of())));

            String dom = Chromium.dumpDom(page);
            for (String id : List.of("learning-curves-loss", "learning-curves-metric", "per-class-f1", "slice-0")) {
                assertTrue(dom.contains("<svg id=\"" + id + "\""), "the rendered page has no chart " + id);
            }
            assertTrue(dom.contains("id=\"confusion-matrix\"") && dom.contains("id=\"gate-rules\""), dom);
            assertFalse(dom.contains("id=\"roc-curve\"") || dom.contains("id=\"threshold-table\""),
                    "a multiclass model has no ROC curve or threshold table");
            assertFetchesNothing(dom);
            Chromium.screenshot(page, Path.of("target", "report-multiclass.png"), 1280, 1600);
        }
    }

    @Test
    void aRegressionModelsPageHasItsErrorsAgainstTheMeanAndNoRocOrCalibration(@TempDir Path dir) throws Exception {
        try (var project = new TaskProject(dir)) {
            var params = new TrainParams(ModelTask.REGRESSION, "monthly_charges", null, null, null, "customer_id",
                    TaskProject.featuresWithout("monthly_charges"), null,
                    new NetworkParams(List.of(32, 16), Activation.RELU, 0.005, 6, 64, 1e-4, null, 3, null, null));
            StepResult train = project.train(params, ROWS);
            StepResult evaluate = project.evaluate(new EvaluateParams(List.of("contract"), null), "evaluate");
            Path page = write(dir, "regression", List.of(record("train", train.outputs(), train.curves(), Map.of()),
                    record("evaluate", evaluate.outputs(), Map.of(), Map.of())));

            String dom = Chromium.dumpDom(page);
            for (String id : List.of("learning-curves-loss", "error-bars", "slice-0")) {
                assertTrue(dom.contains("<svg id=\"" + id + "\""), "the rendered page has no chart " + id);
            }
            assertTrue(dom.contains("RMSE of predicting the mean"), "errors are set against the mean's");
            assertFalse(dom.contains("id=\"roc-curve\"") || dom.contains("id=\"calibration-chart\"")
                    || dom.contains("id=\"confusion-matrix\""), "a regression has no ROC, calibration or confusion matrix");
            assertTrue(dom.contains("quality gate (no gate report)"), "what the page lacks is said");
            assertFetchesNothing(dom);
        }
    }

    @Test
    void textFromTheDataIsShownAndNeverRun(@TempDir Path dir) throws Exception {
        double[] scores = {0.9, 0.8, 0.3, 0.2, 0.6, 0.1};
        int[] labels = {1, 1, 0, 0, 1, 0};
        var slices = new TreeMap<String, java.util.SortedMap<String, SliceMetrics>>();
        slices.put(HOSTILE, new TreeMap<>(Map.of(HOSTILE, SliceMetrics.of(Metrics.of(scores, labels, 0.5)))));
        var metrics = new EvaluationReport(EvaluationReport.FORMAT_VERSION, 0.5, "m", "t", Metrics.of(scores, labels, 0.5),
                Metrics.calibration(scores, labels), slices, null, OperatingPoints.of(scores, labels, 0.5));
        Path metricsFile = dir.resolve("metrics.json");
        metrics.write(metricsFile);
        var column = new DatasetProfile.ColumnProfile(HOSTILE, "string", 0, 1.0, 1, null,
                new DatasetProfile.CategoricalStats(Map.of(HOSTILE + "\"'&", 6L), 0), null);
        Path profileFile = dir.resolve("profile.json");
        new DatasetProfile(DatasetProfile.FORMAT, HOSTILE, 6, 6L, List.of(column)).write(profileFile);
        Path page = write(dir, "hostile", List.of(record("evaluate", Map.of("metrics", metricsFile.toString(),
                DatasetProfile.ARTIFACT.name(), profileFile.toString()), Map.of(HOSTILE, List.of(0.5, 0.4)), Map.of())));

        String dom = Chromium.dumpDom(page);

        assertFalse(dom.toLowerCase().contains("<script"), "a value from the data became an element:\n" + dom);
        assertTrue(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the value is shown as text");
        assertFetchesNothing(dom);
    }

    /** No element may load anything: no src or href other than a link within the page, no url(), no import. */
    private static void assertFetchesNothing(String dom) {
        var reference = Pattern.compile("(?i)\\b(src|href|xlink:href|action|poster|srcset)\\s*=\\s*\"(?!#)[^\"]*\"").matcher(dom);
        assertFalse(reference.find(), () -> "the page references " + reference.group());
        for (String fetch : List.of("url(", "@import", "<link", "<iframe", "<img", "<object", "<embed")) {
            assertFalse(dom.toLowerCase().contains(fetch), "the page has " + fetch);
        }
        assertTrue(dom.contains("default-src 'none'"), "the page forbids every fetch by its content security policy");
    }

    private static Path write(Path dir, String name, List<StepRecord> steps) throws Exception {
        String html = new HtmlReportWriter().page(new ReportSources("test " + name, null, steps, dir, null));
        return Files.writeString(dir.resolve(name + ".html"), html);
    }

    private static StepRecord record(String step, Map<String, String> outputs, Map<String, List<Double>> curves,
                                     Map<String, com.fasterxml.jackson.databind.JsonNode> reports) {
        Instant now = Instant.now();
        return new StepRecord("run-report", step, step, StepStatus.SUCCEEDED, "fp-" + step, null, Map.of(),
                new TreeMap<>(outputs), Map.of(), curves, reports, null, now, now, "", null);
    }
}
