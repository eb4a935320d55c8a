package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.registry.AuditHeadFile;
import io.pitstop.engine.registry.SqlRegistry;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.store.DecisionRecord;
import io.pitstop.engine.store.SqlRunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code should-retrain} on a project with a real SQLite store and registry: no production model means
 * retrain, a model older than the policy allows fires with its age as evidence, a younger one is skipped
 * (exit 5) with every condition listed and the missing evidence (no scoring run, no outcomes, no data step)
 * said, a bad policy is named by place (exit 2), and every decision is in the run store.
 */
class CliShouldRetrainTest {

    @TempDir
    Path dir;

    private static String pipeline(String policy) {
        return """
                pipeline: p
                model: { name: m }
                %s
                steps:
                  - id: first
                    uses: testkit.write
                    with: { text: "a" }
                """.formatted(policy);
    }

    private static final String POLICY = """
            retrain_when:
              model_older_than_days: %d
              input_psi_above: 0.2
              realised_auc_below: 0.7
              rows_changed_above: 100""";

    /** Version 1.0.0 of m, registered and promoted {@code daysAgo} days ago. */
    private void productionFrom(TestProject project, int daysAgo) {
        var clock = Clock.offset(Clock.systemUTC(), Duration.ofDays(-daysAgo));
        try (SqlRunStore store = SqlRunStore.open("jdbc:sqlite:" + dir.resolve(".pitstop/pitstop.db"), clock)) {
            var registry = new SqlRegistry(store.database(), clock, AuditHeadFile.in(dir.resolve(".pitstop")));
            registry.register("m", "1.0.0", "r1", dir.resolve("pkg").toString(), "ab".repeat(32), "test");
            registry.transition("m", "1.0.0", Stage.PRODUCTION, "test", "first release", "r1", null);
        }
    }

    @Test
    void noProductionModelRetrainsThenAnOldOneFiresAndAYoungOneIsSkipped() throws Exception {
        TestProject project = TestProject.create(dir);
        Files.createDirectories(dir.resolve(".pitstop"));
        String file = project.pipeline("p.yaml", pipeline(POLICY.formatted(30)));

        CliResult none = project.cli("should-retrain", file);
        assertEquals(0, none.exitCode(), none.out() + none.err());
        assertTrue(none.out().startsWith("retrain p: no_production held (model m, production none)"), none.out());

        productionFrom(project, 40);
        CliResult old = project.cli("should-retrain", file, "--json");
        assertEquals(0, old.exitCode(), old.out() + old.err());
        JsonNode doc = Json.MAPPER.readTree(old.out());
        assertEquals(1, doc.get("format_version").asInt());
        assertEquals("1.0.0", doc.get("production_version").asText());
        assertEquals(List.of("model_older_than_days"), strings(doc.get("fired")));
        JsonNode age = condition(doc, "model_older_than_days");
        assertTrue(age.get("fired").asBoolean());
        assertEquals(40.0, age.get("value").asDouble(), 0.01);
        assertEquals(30.0, age.get("limit").asDouble());

        project.pipeline("p.yaml", pipeline(POLICY.formatted(60)));
        CliResult young = project.cli("should-retrain", file);
        assertEquals(5, young.exitCode(), young.out() + young.err());
        String out = young.out();
        assertTrue(out.startsWith("skip p: no condition held (model m, production 1.0.0)"), out);
        // The age keeps growing while the test runs (40 days and a few seconds on a loaded machine).
        assertTrue(java.util.regex.Pattern.compile("  not held model_older_than_days: 40(\\.\\d+)? \\(limit 60\\) - m 1\\.0\\.0 registered at ")
                .matcher(out).find(), out);
        assertTrue(out.contains("  not held input_psi_above: not measured (limit 0.2000) - no scoring run of m 1.0.0"
                + " recorded yet"), out);
        assertTrue(out.contains("  not held realised_auc_below: not measured (limit 0.7000) - no outcomes joined yet for"
                + " m 1.0.0 (./pitstop outcomes add <file>)"), out);
        assertTrue(out.contains("  not held rows_changed_above: not measured (limit 100) - the pipeline has no"
                + " data.version step to count rows of"), out);

        try (SqlRunStore store = SqlRunStore.open("jdbc:sqlite:" + dir.resolve(".pitstop/pitstop.db"))) {
            List<DecisionRecord> decisions = store.decisions("p", 10);
            assertEquals(List.of(false, true, true), decisions.stream().map(DecisionRecord::retrain).toList());
            assertEquals(List.of("model_older_than_days"), decisions.get(1).fired());
            assertEquals(List.of("no_production"), decisions.get(2).fired());
            JsonNode skipped = Json.MAPPER.readTree(decisions.get(0).evidenceJson());
            assertEquals(60.0, condition(skipped, "model_older_than_days").get("limit").asDouble());
            assertTrue(young.out().contains("decision " + decisions.get(0).decisionId() + " recorded"), young.out());
        }
    }

    @Test
    void recordedDecisionsAreListedNewestFirstWithTheirEvidence() throws Exception {
        TestProject project = TestProject.create(dir);
        Files.createDirectories(dir.resolve(".pitstop"));
        String file = project.pipeline("p.yaml", pipeline(POLICY.formatted(30)));
        CliResult empty = project.cli("runs", "decisions", "p");
        assertEquals(0, empty.exitCode(), empty.out() + empty.err());
        assertTrue(empty.out().startsWith("no retraining decisions recorded for pipeline 'p'"), empty.out());

        assertEquals(0, project.cli("should-retrain", file).exitCode());
        productionFrom(project, 40);
        project.pipeline("p.yaml", pipeline(POLICY.formatted(60)));
        assertEquals(5, project.cli("should-retrain", file).exitCode());

        CliResult text = project.cli("runs", "decisions", "p");
        assertEquals(0, text.exitCode(), text.out() + text.err());
        List<String> lines = text.out().lines().toList();
        assertEquals(3, lines.size(), text.out());
        assertTrue(lines.get(0).startsWith("DECISION "), text.out());
        assertTrue(lines.get(1).matches("d\\S+ +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +skip +m +-"), lines.get(1));
        assertTrue(lines.get(2).matches("d\\S+ +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +retrain +m +no_production"),
                lines.get(2));

        CliResult json = project.cli("runs", "decisions", "p", "--json", "--limit", "1");
        assertEquals(0, json.exitCode(), json.out() + json.err());
        JsonNode doc = Json.MAPPER.readTree(json.out());
        assertEquals(1, doc.get("format_version").asInt());
        assertEquals("p", doc.get("pipeline").asText());
        assertEquals(1, doc.get("decisions").size());
        JsonNode newest = doc.get("decisions").get(0);
        assertFalse(newest.get("retrain").asBoolean());
        assertEquals(List.of(), strings(newest.get("fired")));
        assertTrue(lines.get(1).startsWith(newest.get("decision_id").asText() + " "), lines.get(1));
        JsonNode age = condition(newest.get("evidence"), "model_older_than_days");
        assertEquals(40.0, age.get("value").asDouble(), 0.01);
        assertEquals(60.0, age.get("limit").asDouble());
        assertEquals("1.0.0", newest.get("evidence").get("production_version").asText());

        CliResult bad = project.cli("runs", "decisions", "p", "--limit", "0");
        assertEquals(2, bad.exitCode(), bad.out() + bad.err());
        assertTrue(bad.err().contains("--limit must be at least 1, found 0"), bad.err());
    }

    /**
     * realised_auc_below_offline_by from what the run store holds: the test AUC the production version's own
     * run recorded (0.84) and the newest outcomes join's realised AUC for it (0.70), a gap of 0.14. A margin
     * under the gap fires; one over it does not.
     */
    @Test
    void theRealisedAucFallingBelowTheTestAucByMoreThanTheMarginFires() throws Exception {
        TestProject project = TestProject.create(dir);
        Files.createDirectories(dir.resolve(".pitstop"));
        productionFrom(project, 1);
        java.time.Instant t = java.time.Instant.now();
        RealisedRecords.step(dir, "r1", "evaluate", "evaluate.classifier", java.util.Map.of("auc", 0.84), t);
        RealisedRecords.outcomesJoin(dir, "r2", io.pitstop.engine.policy.VersionComparisonTest.report("m",
                io.pitstop.engine.policy.VersionComparisonTest.version("1.0.0", 200, 50, 0.70, 0.5, 0.5)), t);

        String fires = project.pipeline("p.yaml", pipeline("retrain_when:\n  realised_auc_below_offline_by: 0.05"));
        CliResult fired = project.cli("should-retrain", fires, "--json");
        assertEquals(0, fired.exitCode(), fired.out() + fired.err());
        JsonNode margin = condition(Json.MAPPER.readTree(fired.out()), "realised_auc_below_offline_by");
        assertTrue(margin.get("fired").asBoolean(), margin.toString());
        assertEquals(0.14, margin.get("value").asDouble(), 1e-9);
        assertEquals(0.05, margin.get("limit").asDouble());
        assertTrue(margin.get("evidence").asText().startsWith("test AUC 0.8400 (evaluate of run r1, which released 1.0.0)"
                + " minus realised AUC 0.7000"), margin.toString());

        String holds = project.pipeline("p.yaml", pipeline("retrain_when:\n  realised_auc_below_offline_by: 0.2"));
        CliResult skipped = project.cli("should-retrain", holds, "--json");
        assertEquals(5, skipped.exitCode(), skipped.out() + skipped.err());
        JsonNode notFired = condition(Json.MAPPER.readTree(skipped.out()), "realised_auc_below_offline_by");
        assertFalse(notFired.get("fired").asBoolean(), notFired.toString());
        assertEquals(0.14, notFired.get("value").asDouble(), 1e-9);
    }

    @Test
    void aPipelineWithoutAPolicyAlwaysRetrains() throws Exception {
        TestProject project = TestProject.create(dir);
        String file = project.pipeline("p.yaml", pipeline(""));
        productionFrom(project, 1);
        CliResult r = project.cli("should-retrain", file);
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("held     no_policy: not measured - the pipeline declares no retrain_when"), r.out());
    }

    @Test
    void aBadPolicyIsInvalidInputNamedByPlace() throws Exception {
        TestProject project = TestProject.create(dir);
        String file = project.pipeline("p.yaml", pipeline("retrain_when:\n  rows_changed_abve: 10"));
        CliResult r = project.cli("should-retrain", file);
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("p.yaml:4:3: retrain_when: unknown key 'rows_changed_abve' (did you mean"
                + " 'rows_changed_above'?)"), r.err());
        assertFalse(r.out().contains("recorded in the run store"), "nothing was decided: " + r.out());
    }

    private static JsonNode condition(JsonNode doc, String name) {
        for (JsonNode c : doc.get("conditions")) if (c.get("name").asText().equals(name)) return c;
        throw new AssertionError("no condition " + name + " in " + doc);
    }

    private static List<String> strings(JsonNode array) {
        var out = new java.util.ArrayList<String>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
