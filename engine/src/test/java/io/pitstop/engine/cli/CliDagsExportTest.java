package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.run.RunOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pitstop dags export}: the spec's tasks, schedule and launch command; bad input writes nothing. */
class CliDagsExportTest {

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void create() throws Exception {
        project = TestProject.create(dir);
        project.pipeline("p.yaml", """
                pipeline: p
                model: { name: m, owner: team-a }
                schedule: { cron: "@daily", start_date: 2026-11-01, retries: 3, retry_delay_minutes: 2, tags: [x] }
                steps:
                  - id: first
                    uses: testkit.write
                    with: { text: "a" }
                  - id: second
                    uses: testkit.write
                    needs: [first]
                    with: { text: "-b" }
                """);
    }

    private JsonNode spec(String name) throws Exception {
        return Json.MAPPER.readTree(dir.resolve("dags").resolve(name).toFile());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void exportsOneTaskPerStepWithItsNeedsScheduleAndRetries() throws Exception {
        CliResult r = project.cli("dags", "export");
        assertEquals(RunOutcome.EXIT_OK, r.exitCode(), r.transcript());
        JsonNode spec = spec("p.dag.json");
        assertEquals("pitstop_p", spec.get("dag_id").asText());
        assertEquals("@daily", spec.get("schedule").asText());
        assertEquals("2026-11-01", spec.get("start_date").asText());
        assertEquals(3, spec.get("retries").asInt());
        assertEquals(120, spec.get("retry_delay_seconds").asInt());
        assertEquals("team-a", spec.get("owner").asText());
        assertEquals(List.of("pitstop", "x"), strings(spec.get("tags")));
        assertEquals(List.of("first", "second"), spec.get("tasks").findValuesAsText("task_id"));
        assertEquals(List.of("first"), strings(spec.get("tasks").get(1).get("upstream")));
        assertEquals(List.of("{pitstop}", "step", "pipelines/p.yaml", "{step}", "--run-id", "{run_id}", "--profile",
                "local", "--project", "{project}"), strings(spec.get("command")));
        assertTrue(spec.get("retrain_policy").isNull(), "no retrain_when: no decision task, every run retrains");
        // Deterministic: a second export writes the same bytes.
        String first = Files.readString(dir.resolve("dags/p.dag.json"));
        project.cli("dags", "export");
        assertEquals(first, Files.readString(dir.resolve("dags/p.dag.json")));
    }

    /**
     * A step that consumes nothing runs past skipped upstream tasks (none_failed) only when every step before it
     * is of the retrain/release chain; after a data step (fetch-nightly) it waits for all of them (all_success),
     * or on a skipped night it would score yesterday's file.
     */
    @Test
    void onlyAStepAfterChainStepsAloneRunsWhenUpstreamSkipped() throws Exception {
        project.pipeline("p.yaml", """
                pipeline: p
                model: { name: m }
                steps:
                  - id: fetch-nightly
                    uses: testkit.write
                    with: { text: "rows" }
                  - id: promote
                    uses: train.testkit
                    with: { text: "model" }
                  - id: score
                    uses: testkit.write
                    needs: [fetch-nightly, promote]
                    with: { text: "scores" }
                  - id: report
                    uses: testkit.write
                    needs: [promote]
                    with: { text: "report" }
                """);
        CliResult r = project.cli("dags", "export");
        assertEquals(RunOutcome.EXIT_OK, r.exitCode(), r.transcript());
        java.util.Map<String, Boolean> runsWhenSkipped = new java.util.TreeMap<>();
        spec("p.dag.json").get("tasks").forEach(t -> runsWhenSkipped.put(t.get("task_id").asText(),
                t.get("runs_when_upstream_skipped").asBoolean()));
        assertEquals(java.util.Map.of("fetch-nightly", false, "promote", false, "score", false, "report", true),
                runsWhenSkipped);
    }

    @Test
    void aPipelineWithARetrainPolicyGetsShouldRetrainAsItsFirstTask() throws Exception {
        String text = Files.readString(dir.resolve("pipelines/p.yaml"));
        project.pipeline("p.yaml", text.replace("steps:", "retrain_when: { model_older_than_days: 30 }\nsteps:"));
        CliResult r = project.cli("dags", "export");
        assertEquals(RunOutcome.EXIT_OK, r.exitCode(), r.transcript());
        JsonNode policy = spec("p.dag.json").get("retrain_policy");
        assertEquals("should_retrain", policy.get("task_id").asText());
        assertEquals(List.of("{pitstop}", "should-retrain", "pipelines/p.yaml", "--profile", "local", "--project",
                "{project}"), strings(policy.get("command")));
        assertEquals(RunOutcome.EXIT_SKIP_RETRAIN, policy.get("skip_exit_code").asInt());
        assertEquals(5, policy.get("skip_exit_code").asInt());
        assertEquals(List.of("first", "second"), spec("p.dag.json").get("tasks").findValuesAsText("task_id"));
    }

    @Test
    void aClusterProfileExportsSparkSubmitOfThePitstopJar() throws Exception {
        Files.writeString(dir.resolve("conf/cluster.yaml"), """
                state_dir: .pitstop
                store: {url: jdbc:sqlite:.pitstop/pitstop.db}
                spark: {master: "spark://10.0.0.5:7077", conf: {spark.executor.memory: 2g}}
                launch: {mode: spark-submit, jar: /opt/pitstop/pitstop.jar}
                """);
        CliResult r = project.cli("dags", "export", "--profile", "cluster");
        assertEquals(RunOutcome.EXIT_OK, r.exitCode(), r.transcript());
        JsonNode spec = spec("p.dag.json");
        assertEquals("spark-submit", spec.get("launch").asText());
        assertEquals(List.of("spark-submit", "--master", "spark://10.0.0.5:7077", "--deploy-mode", "client", "--class",
                "io.pitstop.engine.cli.PitstopCli", "--driver-java-options", "{driver_java_options}",
                "--conf", "spark.executor.memory=2g", "/opt/pitstop/pitstop.jar",
                "step", "pipelines/p.yaml", "{step}", "--run-id", "{run_id}", "--profile", "cluster", "--project",
                "{project}"), strings(spec.get("command")));
    }

    @Test
    void anUnknownLaunchModeIsInvalidAndWritesNothing() throws Exception {
        Files.writeString(dir.resolve("conf/odd.yaml"), "state_dir: .pitstop\nlaunch: {mode: ssh}\n");
        CliResult r = project.cli("dags", "export", "--profile", "odd");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertEquals("pitstop: conf/odd.yaml: launch.mode must be local or spark-submit, found 'ssh'", r.err().strip());
        assertFalse(Files.exists(dir.resolve("dags/p.dag.json")));
    }

    @Test
    void oneInvalidPipelineStopsTheWholeExportWithItsProblems() throws Exception {
        project.pipeline("q.yaml", "pipeline: q\nmodel: {name: m}\nschedule: {cron: nightly, start_date: 2026-11-01}\n"
                + "steps:\n  - {id: a, uses: testkit.write, with: {text: a}}\n");
        CliResult r = project.cli("dags", "export");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("q.yaml:3:18: schedule: 'cron' must be five cron fields"), r.transcript());
        assertFalse(Files.exists(dir.resolve("dags")), "nothing written, not even p's spec");
    }
}
