package io.pitstop.steps.score;

import io.pitstop.steps.Promtool;
import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.pkg.ModelPackage;
import io.pitstop.engine.pkg.PackageException;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The score.batch step on a real registry, real packages and real Delta tables. */
class ScoreBatchStepTest {

    static final String TABLE = "tables/predictions";
    static final Instant RECENT = Instant.parse("2026-11-20T00:00:00Z");

    static ScoreBatchStep.Params params(String input) {
        return new ScoreBatchStep.Params(input, TABLE, null, null);
    }

    static Dataset<Row> table(ScoringProject p, String table) {
        return TestSpark.session().read().format("delta").load(p.dir.resolve(table).toString());
    }

    @Test
    void theVersionResolvedWhenFingerprintingIsUsedEvenIfAnotherIsPromotedBeforeTheRun(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            p.release("1.0.0", Stage.PRODUCTION, false, RECENT);
            p.csv("input.csv", 1000);
            var step = new ScoreBatchStep();
            Map<String, String> fingerprinted = step.externalInputs(params("input.csv"), p.context("run-1").build());
            assertTrue(fingerprinted.get("production").startsWith("1.0.0:"), fingerprinted.toString());

            // Another process promotes 1.1.0 between the fingerprint and the run.
            p.release("1.1.0", Stage.PRODUCTION, false, RECENT);
            assertEquals("1.1.0", p.registry.inStage("churn", Stage.PRODUCTION).orElseThrow().version());

            StepResult result = step.run(params("input.csv"),
                    p.context("run-1").resolvedInput("production", fingerprinted.get("production")).build());
            assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
            assertTrue(result.message().contains("churn 1.0.0"), result.message());
            Dataset<Row> t = table(p, TABLE);
            assertEquals(1000, t.count());
            assertEquals(List.of("1.0.0"), t.select("model_version").distinct().as(
                    org.apache.spark.sql.Encoders.STRING()).collectAsList());
        }
    }

    @Test
    void aMissingOrRetypedColumnOrAnEmptyInputFailsByNameAndLeavesTheTableAlone(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            p.release("1.0.0", Stage.PRODUCTION, false, RECENT);
            Path good = p.csv("input.csv", 1000);
            var step = new ScoreBatchStep();
            assertEquals(StepResult.Outcome.SUCCEEDED, step.run(params("input.csv"), p.context("run-0").build()).outcome());

            List<String> lines = Files.readAllLines(good);
            List<String> header = List.of(lines.get(0).split(",", -1));
            int tenure = header.indexOf("tenure");
            // Without the tenure column.
            List<String> missing = new ArrayList<>();
            for (String line : lines) {
                var cells = new ArrayList<>(List.of(line.split(",", -1)));
                cells.remove(tenure);
                missing.add(String.join(",", cells));
            }
            Files.write(dir.resolve("missing.csv"), missing);
            // tenure holding text: the column's type changed upstream.
            List<String> retyped = new ArrayList<>(List.of(lines.get(0)));
            for (String line : lines.subList(1, lines.size())) {
                var cells = new ArrayList<>(List.of(line.split(",", -1)));
                cells.set(tenure, "twelve");
                retyped.add(String.join(",", cells));
            }
            Files.write(dir.resolve("retyped.csv"), retyped);
            Files.write(dir.resolve("empty.csv"), List.of(lines.get(0)));

            for (String bad : List.of("missing.csv", "retyped.csv")) {
                Exception e = assertThrows(Exception.class, () -> step.run(params(bad), p.context("run-" + bad).build()));
                assertTrue(e.getMessage().contains("tenure"), bad + ": " + e.getMessage());
            }
            StepResult empty = step.run(params("empty.csv"), p.context("run-empty").build());
            assertEquals(StepResult.Outcome.FAILED, empty.outcome());
            assertTrue(empty.message().contains("has no rows"), empty.message());

            assertEquals(0, p.tableVersion(TABLE));
            assertEquals(1000, table(p, TABLE).filter(functions.col("run_id").equalTo("run-0")).count());
        }
    }

    @Test
    void aTamperedPackageIsRefusedBeforeAnyRowIsScored(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            ModelPackage pkg = p.release("1.0.0", Stage.PRODUCTION, false, RECENT);
            p.csv("input.csv", 50);
            Path weights = pkg.dir().resolve("model/model.zip");
            byte[] bytes = Files.readAllBytes(weights);
            bytes[bytes.length / 2] ^= 1;
            Files.write(weights, bytes);

            var e = assertThrows(PackageException.class,
                    () -> new ScoreBatchStep().run(params("input.csv"), p.context("run-1").build()));
            assertTrue(e.getMessage().contains("model/model.zip"), e.getMessage());
            assertFalse(Files.exists(dir.resolve(TABLE)), "nothing may be written");
        }
    }

    @Test
    void eachRunRecordsItsMonitoringAsJsonAndAsAPrometheusTextfile(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            p.release("1.0.0", Stage.PRODUCTION, true, RECENT);
            p.csv("input.csv", 1000);
            var step = new ScoreBatchStep();
            StepResult first = step.run(params("input.csv"), p.context("run-1").build());
            assertEquals(StepResult.Outcome.SUCCEEDED, first.outcome(), first.message());
            JsonNode m1 = first.reports().get("monitoring");
            assertTrue(signal(m1, "prediction_psi").path("value").isNull(), m1.toString());
            assertTrue(signal(m1, "prediction_psi").path("detail").asText().contains("no previous run"));

            StepResult second = step.run(params("input.csv"), p.context("run-2").build());
            JsonNode m2 = second.reports().get("monitoring");
            assertEquals(1000, m2.path("rows").asLong());
            assertEquals(0.0, signal(m2, "prediction_psi").path("value").asDouble(), 1e-9, "same rows, same model");
            assertTrue(signal(m2, "input_psi").path("value").isNumber(), m2.toString());
            assertTrue(m2.path("input_drift").path("features").size() > 0, m2.toString());
            assertEquals(2.125, signal(m2, "model_age_days").path("value").asDouble(), 1e-9);
            assertTrue(m2.path("null_rates").has("total_charges"));

            Path prom = dir.resolve(".pitstop/metrics/test-pipeline-test-step.prom");
            String text = Files.readString(prom);
            assertTrue(text.contains("# TYPE pitstop_scoring_rows gauge\n"
                    + "pitstop_scoring_rows{pipeline=\"test-pipeline\",model=\"churn\"} 1000\n"), text);
            assertTrue(text.contains("pitstop_scoring_model_info{pipeline=\"test-pipeline\",model=\"churn\",version=\"1.0.0\"} 1\n"), text);
            assertTrue(text.contains("pitstop_scoring_prediction_psi{"), text);
            assertTrue(text.contains("pitstop_scoring_model_stale{pipeline=\"test-pipeline\",model=\"churn\"} 0"), text);
            Promtool.Check lint = Promtool.checkMetrics(prom);
            assertEquals(0, lint.exit(), lint.output() + text);
            assertEquals("", lint.output().trim(), text);
            try (var files = Files.list(prom.getParent())) {
                assertEquals(List.of(prom.getFileName().toString()),
                        files.map(f -> f.getFileName().toString()).toList(), "no temporary file left");
            }

            // The next night nothing changed and the runner serves the step from the cache: that is a success too.
            var cachedContext = p.context("run-3").now(Instant.parse("2026-11-23T03:00:00Z")).build();
            StepResult cached = step.cachedResult(params("input.csv"), second.outputs(), cachedContext);
            assertEquals(StepResult.Outcome.SUCCEEDED, cached.outcome(), cached.message());
            String afterCache = Files.readString(prom);
            long stamp = cachedContext.clock().instant().getEpochSecond();
            assertTrue(afterCache.contains("pitstop_scoring_last_success_timestamp_seconds{pipeline=\"test-pipeline\",model=\"churn\"} "
                    + stamp + "\n"), afterCache);
            assertTrue(afterCache.contains("pitstop_scoring_rows{pipeline=\"test-pipeline\",model=\"churn\"} 1000\n"), afterCache);
        }
    }

    @Test
    void aStaleModelOrAPackageWithoutProfileIsReportedAndTheErrorLineStopsTheCommit(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            p.release("1.0.0", Stage.PRODUCTION, false, Instant.parse("2026-10-01T00:00:00Z"));
            p.csv("input.csv", 1000);
            var step = new ScoreBatchStep();
            StepResult ok = step.run(params("input.csv"), p.context("run-1").build());
            assertTrue(signal(ok.reports().get("monitoring"), "input_psi").path("detail").asText()
                    .contains("ships no profile.json"), ok.reports().toString());

            var strict = new ScoreBatchStep.Params("input.csv", TABLE, null,
                    new Monitoring(null, null, null, new Limit(30.0, 45.0), null));
            StepResult stale = step.run(strict, p.context("run-2").build());
            assertEquals(StepResult.Outcome.FAILED, stale.outcome());
            assertTrue(stale.message().contains("model_age_days") && stale.message().contains("stale"), stale.message());
            assertEquals(0, p.tableVersion(TABLE));
        }
    }

    @Test
    void theStagingModelShadowScoresIntoItsOwnTableAndTheComparisonIsRecorded(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            p.release("1.0.0", Stage.PRODUCTION, false, RECENT);
            p.release("1.1.0", Stage.STAGING, false, RECENT);
            p.csv("input.csv", 1000);
            var withShadow = new ScoreBatchStep.Params("input.csv", TABLE, "tables/shadow", null);
            StepResult result = new ScoreBatchStep().run(withShadow, p.context("run-1").build());
            assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());

            assertEquals(1000, table(p, TABLE).filter(functions.col("model_version").equalTo("1.0.0")).count());
            assertEquals(1000, table(p, TABLE).count(), "the analysts' table holds no shadow rows");
            assertEquals(1000, table(p, "tables/shadow").filter(functions.col("model_version").equalTo("1.1.0")).count());
            JsonNode shadow = result.reports().get("monitoring").path("shadow");
            assertEquals("1.1.0", shadow.path("challenger_version").asText());
            assertEquals(1000, shadow.path("rows").asLong());
            // The two versions share weights here, so they must agree exactly.
            assertEquals(1.0, shadow.path("decision_agreement").asDouble(), 1e-12);
            assertEquals(1.0, shadow.path("score_correlation").asDouble(), 1e-9);
            assertEquals(1.0, result.metrics().get("shadow_decision_agreement"), 1e-12);

            var sameTable = assertThrows(IllegalArgumentException.class,
                    () -> new ScoreBatchStep.Params("input.csv", TABLE, TABLE, null));
            assertTrue(sameTable.getMessage().contains("shadow_table"));
        }
    }

    static JsonNode signal(JsonNode monitoring, String name) {
        for (JsonNode s : monitoring.path("signals")) if (s.path("name").asText().equals(name)) return s;
        throw new AssertionError("no signal " + name + " in " + monitoring);
    }
}
