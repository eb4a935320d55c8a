package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.mlflow.MlflowClient;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.testkit.MlflowServer;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs and releases mirrored into a real MLflow tracking server (MLflow from PyPI, started on
 * 127.0.0.1 by {@link MlflowServer}) through {@code ./pitstop}: what a run logs is read back through
 * MLflow's REST API; a release becomes a registered model version; promotion and rollback move the
 * alias {@code champion}; a server that is down leaves the run green with a warning, and
 * {@code ./pitstop mlflow sync} then catches the mirror up. Each test has its own experiment and
 * model, so they share the one server of the JVM.
 */
@Tag("mlflow")
class MlflowMirrorTest {

    static final String PIPELINE = """
            pipeline: nightly
            model: { name: %s }
            steps:
              - id: note
                uses: testkit.write
                with: { text: "hello" }
              - id: release
                uses: testkit.release
                needs: [note]
                with: { version: "%s", expect: "%s", auc: %s }
            """;

    @TempDir
    Path dir;
    TestProject project;
    String model;
    String experiment;
    MlflowClient client;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void create() throws Exception {
        project = TestProject.create(dir);
        String unique = UUID.randomUUID().toString().substring(0, 8);
        model = "churn-" + unique;
        experiment = "nightly-" + unique;
        client = new MlflowClient(MlflowServer.shared().uri(), Duration.ofSeconds(30));
    }

    private void mirrorTo(URI trackingUri) throws Exception {
        Files.writeString(dir.resolve("conf/local.yaml"), """
                state_dir: .pitstop
                store: {url: jdbc:sqlite:.pitstop/pitstop.db}
                mlflow:
                  tracking_uri: %s
                  experiment: %s
                """.formatted(trackingUri, experiment));
    }

    private String release(String version, String expect, double auc) throws Exception {
        return project.pipeline("nightly.yaml", PIPELINE.formatted(model, version, expect, auc));
    }

    @Test
    void aRunLogsParamsCurvesMetricsSlicesTagsAndThePackageAndItsReleaseBecomesTheChampion() throws Exception {
        mirrorTo(MlflowServer.shared().uri());
        String commit = commitAll();
        CliResult run = project.cli("run", release("1.0.0", "none", 0.8));
        assertEquals(RunOutcome.EXIT_OK, run.exitCode(), run.transcript());
        assertFalse(run.transcript().contains("warning"), run.transcript());
        String runId = runId(run);

        JsonNode mlRun = mlflowRun(runId);
        String mlRunId = mlRun.path("info").path("run_id").asText();
        assertEquals("FINISHED", mlRun.path("info").path("status").asText());
        assertEquals(runId, mlRun.path("info").path("run_name").asText());
        Map<String, String> tags = pairs(mlRun.path("data").path("tags"));
        assertEquals(runId, tags.get("pitstop.run_id"));
        assertEquals(commit, tags.get("mlflow.source.git.commit"));
        assertEquals("succeeded", tags.get("pitstop.status"));
        assertEquals("1.0.0", tags.get("pitstop.model_version"));
        assertEquals("3f1fa5ea5f5e3bbd0cf36bc1d9e4c2f1", tags.get("pitstop.data_version"));
        assertEquals("data/customers.csv", tags.get("pitstop.data_path"));

        Map<String, String> params = pairs(mlRun.path("data").path("params"));
        assertEquals("hello", params.get("note.text"));
        assertEquals("1.0.0", params.get("release.version"));
        assertEquals("0.8", params.get("release.auc"));

        assertEquals(List.of("1:0.9", "2:0.7", "3:0.6"), history(mlRunId, "release/train_loss"));
        assertEquals(List.of("0:0.8"), history(mlRunId, "release/auc"));
        assertEquals(List.of("0:0.7"), history(mlRunId, "release/model_train_loss"));
        assertEquals(List.of("0:5.0"), history(mlRunId, "note/length"));
        assertEquals(List.of("0:0.7000000000000001"), history(mlRunId, "release/slice/contract/Month-to-month/auc"));
        assertEquals(List.of("0:8.0"), history(mlRunId, "release/slice/contract/Two year/count"));

        Set<String> pkg = new TreeSet<>(client.listArtifacts(mlRunId, "package"));
        assertTrue(pkg.containsAll(Set.of("package/model.onnx", "package/model-card.md", "package/manifest.json",
                "package/checksums.sha256", "package/model")), pkg.toString());
        assertEquals(List.of("package/model/network.zip"), client.listArtifacts(mlRunId, "package/model"));
        assertEquals(List.of("reports/release/metrics.json"), client.listArtifacts(mlRunId, "reports/release"));
        assertTrue(client.listArtifacts(mlRunId, "logs").contains("logs/release.log"));
        assertEquals("onnx of 1.0.0", download(mlRun, "package/model.onnx"));

        var versions = client.modelVersions(model);
        assertEquals(1, versions.size());
        var v1 = versions.get(0);
        assertEquals("1.0.0", v1.tags().get("pitstop.version"));
        assertEquals("production", v1.tags().get("pitstop.stage"));
        assertEquals(mlRunId, v1.runId());
        assertEquals(List.of("champion"), v1.aliases());
        assertEquals("runs:/" + mlRunId + "/package", source(v1.version()));

        // Replaying a mirrored run changes nothing: the same run, the same points, the same params.
        CliResult replay = project.cli("mlflow", "sync", "--run", runId);
        assertEquals(RunOutcome.EXIT_OK, replay.exitCode(), replay.transcript());
        assertTrue(replay.out().contains("run " + runId + " mirrored to MLflow run " + mlRunId), replay.transcript());
        assertEquals(List.of("1:0.9", "2:0.7", "3:0.6"), history(mlRunId, "release/train_loss"));
        assertEquals(params, pairs(mlflowRun(runId).path("data").path("params")));
        assertEquals(1, client.modelVersions(model).size());

        // The next night, nothing changed: every step is served from the cache and still shows in MLflow.
        CliResult cached = project.cli("run", release("1.0.0", "none", 0.8));
        assertTrue(cached.out().contains("cached  release"), cached.transcript());
        String cachedMlRun = mlflowRun(runId(cached)).path("info").path("run_id").asText();
        assertEquals(List.of("1:0.9", "2:0.7", "3:0.6"), history(cachedMlRun, "release/train_loss"));
        assertEquals(1, client.modelVersions(model).size());
    }

    @Test
    void aRunDrivenStepByStepAsAirflowDoesLogsToOneMlflowRun() throws Exception {
        mirrorTo(MlflowServer.shared().uri());
        String pipeline = release("1.0.0", "none", 0.8);
        String runId = "r20261207-010000-" + UUID.randomUUID().toString().substring(0, 4);
        CliResult note = project.cli("step", pipeline, "note", "--run-id", runId);
        assertEquals(RunOutcome.EXIT_OK, note.exitCode(), note.transcript());
        assertEquals("RUNNING", mlflowRun(runId).path("info").path("status").asText());
        CliResult last = project.cli("step", pipeline, "release", "--run-id", runId);
        assertEquals(RunOutcome.EXIT_OK, last.exitCode(), last.transcript());
        assertFalse(last.transcript().contains("warning"), last.transcript());

        JsonNode mlRun = mlflowRun(runId);
        assertEquals("FINISHED", mlRun.path("info").path("status").asText());
        String id = mlRun.path("info").path("run_id").asText();
        assertEquals(List.of("0:5.0"), history(id, "note/length"));
        assertEquals(List.of("0:0.8"), history(id, "release/auc"));
        assertEquals("1.0.0", champion());
    }

    @Test
    void promotionAndRollbackMoveTheChampionAlias() throws Exception {
        mirrorTo(MlflowServer.shared().uri());
        assertEquals(RunOutcome.EXIT_OK, project.cli("run", release("1.0.0", "none", 0.8)).exitCode());
        CliResult second = project.cli("run", release("1.1.0", "1.0.0", 0.85));
        assertEquals(RunOutcome.EXIT_OK, second.exitCode(), second.transcript());
        assertEquals(Map.of("1.0.0", "archived", "1.1.0", "production"), stages());
        assertEquals("1.1.0", champion());

        CliResult rollback = project.cli("models", "rollback", model);
        assertEquals(RunOutcome.EXIT_OK, rollback.exitCode(), rollback.transcript());
        assertFalse(rollback.transcript().contains("warning"), rollback.transcript());
        assertEquals("1.0.0", champion());
        assertEquals(Map.of("1.0.0", "production", "1.1.0", "archived"), stages());
        // Still one MLflow version per Pitstop version: reconciling twice registers nothing twice.
        assertEquals(2, client.modelVersions(model).size());

        // Pitstop's registry is the authority: an alias moved by hand in MLflow is put back.
        String archived = client.modelVersions(model).stream().filter(v -> v.tags().get("pitstop.version").equals("1.1.0"))
                .findFirst().orElseThrow().version();
        client.setAlias(model, "champion", archived);
        assertEquals("1.1.0", champion());
        CliResult sync = project.cli("mlflow", "sync", model);
        assertEquals(RunOutcome.EXIT_OK, sync.exitCode(), sync.transcript());
        assertTrue(sync.out().contains("champion 1.0.0 (MLflow version 1), alias moved"), sync.transcript());
        assertEquals("1.0.0", champion());
    }

    @Test
    void anUnreachableServerLeavesTheRunGreenWithAWarningAndSyncCatchesTheMirrorUp() throws Exception {
        URI down = MlflowServer.nowhere();
        mirrorTo(down);
        CliResult run = project.cli("run", release("1.0.0", "none", 0.8));
        assertEquals(RunOutcome.EXIT_OK, run.exitCode(), run.transcript());
        String runId = runId(run);
        assertTrue(run.transcript().contains("warning: MLflow at " + down + ": run " + runId + " not mirrored: "),
                run.transcript());
        assertTrue(run.transcript().contains("the run goes on without it; the MLflow mirror is behind; ./pitstop mlflow"
                + " sync catches it up"), run.transcript());
        assertEquals(1, count(run.transcript(), "warning: MLflow"), "one warning per run, not one per step: "
                + run.transcript());
        assertTrue(Files.exists(dir.resolve(".pitstop/mlflow/behind/run-" + runId)));
        assertTrue(Files.exists(dir.resolve(".pitstop/mlflow/behind/model-" + model)));

        // A second release and a rollback while the server is still down: both go through, with a warning.
        CliResult second = project.cli("run", release("1.1.0", "1.0.0", 0.85));
        assertEquals(RunOutcome.EXIT_OK, second.exitCode(), second.transcript());
        String secondId = runId(second);
        CliResult rollback = project.cli("models", "rollback", model);
        assertEquals(RunOutcome.EXIT_OK, rollback.exitCode(), rollback.transcript());
        assertTrue(rollback.out().contains(model + " 1.0.0 is in production again"), rollback.transcript());
        assertTrue(rollback.err().contains("warning: MLflow at " + down + ": model '" + model
                + "' not mirrored after the rollback: "), rollback.transcript());

        CliResult stillDown = project.cli("mlflow", "sync");
        assertEquals(RunOutcome.EXIT_FAILED, stillDown.exitCode(), stillDown.transcript());
        assertTrue(stillDown.err().contains("the MLflow mirror is still behind"), stillDown.transcript());

        mirrorTo(MlflowServer.shared().uri());
        CliResult sync = project.cli("mlflow", "sync");
        assertEquals(RunOutcome.EXIT_OK, sync.exitCode(), sync.transcript());
        assertTrue(sync.out().contains("run " + runId + " mirrored to MLflow run "), sync.transcript());
        assertTrue(sync.out().contains("run " + secondId + " mirrored to MLflow run "), sync.transcript());
        assertTrue(sync.out().contains(model + ": 2 version(s) registered"), sync.transcript());
        assertEquals(Map.of("1.0.0", "production", "1.1.0", "archived"), stages());
        assertFalse(Files.exists(dir.resolve(".pitstop/mlflow/behind/run-" + runId)));
        assertFalse(Files.exists(dir.resolve(".pitstop/mlflow/behind/run-" + secondId)));
        assertFalse(Files.exists(dir.resolve(".pitstop/mlflow/behind/model-" + model)));

        JsonNode mlRun = mlflowRun(runId);
        assertEquals("FINISHED", mlRun.path("info").path("status").asText());
        assertEquals(List.of("1:0.9", "2:0.7", "3:0.6"), history(mlRun.path("info").path("run_id").asText(),
                "release/train_loss"));
        assertEquals("1.0.0", champion());

        CliResult again = project.cli("mlflow", "sync");
        assertEquals(RunOutcome.EXIT_OK, again.exitCode(), again.transcript());
        assertTrue(again.out().contains("is not behind"), again.transcript());
        CliResult named = project.cli("mlflow", "sync", model);
        assertTrue(named.out().contains(model + ": 0 version(s) registered, 0 stage tag(s) updated, champion 1.0.0"
                + " (MLflow version 1), alias unchanged"),
                named.transcript());
    }

    /**
     * A state directory the backlog cannot be written to (here .pitstop/mlflow is a file) while the server is
     * down: the mirror says so, naming the path, and the run still succeeds; the mirror never fails a run.
     */
    @Test
    void anUnwritableBacklogIsAWarningNamingItsPathNotAFailedStep() throws Exception {
        URI down = MlflowServer.nowhere();
        mirrorTo(down);
        Files.createDirectories(dir.resolve(".pitstop"));
        Files.writeString(dir.resolve(".pitstop/mlflow"), "in the way\n");
        CliResult run = project.cli("run", release("1.0.0", "none", 0.8));
        assertEquals(RunOutcome.EXIT_OK, run.exitCode(), run.transcript());
        assertTrue(run.transcript().contains("warning: cannot record in " + dir.resolve(".pitstop/mlflow/behind")
                + " that the MLflow mirror is behind"), run.transcript());
        assertTrue(run.transcript().contains("warning: MLflow at " + down + ": run " + runId(run) + " not mirrored: "),
                run.transcript());
    }

    /**
     * Two Airflow tasks of one Pitstop run starting together each find no MLflow run and make one; after making
     * it each searches again and keeps the oldest, deleting its own newer one: one active MLflow run remains and
     * every task logs to it.
     */
    @Test
    void mirrorsOpeningOneRunAtOnceEndWithOneMlflowRun() throws Exception {
        var settings = new io.pitstop.engine.conf.MlflowSettings(MlflowServer.shared().uri(), experiment);
        String expId = client.experimentId(settings.experimentFor("nightly"));
        String runId = "r20261207-020000-" + UUID.randomUUID().toString().substring(0, 4);
        var record = new io.pitstop.engine.store.RunRecord(runId, "nightly", "pipelines/nightly.yaml", "sha", null,
                "c0ffee", false, "local", io.pitstop.engine.store.RunStatus.RUNNING, java.time.Instant.now(), null,
                null, null);
        int tasks = 4;
        var start = new java.util.concurrent.CyclicBarrier(tasks);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(tasks);
        try {
            var opened = new ArrayList<java.util.concurrent.Future<String>>();
            for (int i = 0; i < tasks; i++) {
                var mirror = new io.pitstop.engine.mlflow.RunMirror(
                        new MlflowClient(MlflowServer.shared().uri(), Duration.ofSeconds(30)), settings);
                opened.add(pool.submit(() -> {
                    start.await();
                    return mirror.open(record).runId();
                }));
            }
            Set<String> ids = new TreeSet<>();
            for (var f : opened) ids.add(f.get(2, java.util.concurrent.TimeUnit.MINUTES));
            var active = client.findRuns(expId, io.pitstop.engine.mlflow.RunMirror.RUN_TAG, runId);
            assertEquals(1, active.size(), "active MLflow runs: " + active);
            assertEquals(Set.of(active.get(0).info().runId()), ids);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBadSectionIsRefusedWithItsLineBeforeAnythingRuns() throws Exception {
        Files.writeString(dir.resolve("conf/local.yaml"), """
                state_dir: .pitstop
                mlflow:
                  tracking_uri: file:///tmp/mlruns
                  experment: x
                  experiment: " "
                """);
        CliResult check = project.cli("check", release("1.0.0", "none", 0.8));
        assertEquals(RunOutcome.EXIT_INVALID, check.exitCode(), check.transcript());
        assertTrue(check.err().contains("local.yaml:3:17: mlflow.tracking_uri: 'file:///tmp/mlruns' is not an http(s) URL"),
                check.transcript());
        assertTrue(check.err().contains("local.yaml:4:3: unknown key 'mlflow.experment' (did you mean 'experiment'?)"),
                check.transcript());
        assertTrue(check.err().contains("local.yaml:5:15: mlflow.experiment is blank"), check.transcript());
    }

    // ---------------------------------------------------------------------------------------------

    private String commitAll() throws Exception {
        Files.writeString(dir.resolve(".gitignore"), ".pitstop/\n");
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            return git.commit().setMessage("pipeline").setAuthor("t", "t@localhost").setCommitter("t", "t@localhost")
                    .call().name();
        }
    }

    private static String runId(CliResult run) {
        var m = java.util.regex.Pattern.compile("run (r[0-9-]+-[0-9a-f]+) ").matcher(run.out());
        assertTrue(m.find(), run.transcript());
        return m.group(1);
    }

    private JsonNode mlflowRun(String runId) throws Exception {
        String experimentId = get("experiments/get-by-name?experiment_name=" + enc(experiment))
                .path("experiment").path("experiment_id").asText();
        var body = Json.MAPPER.createObjectNode();
        body.putArray("experiment_ids").add(experimentId);
        body.put("filter", "tags.`pitstop.run_id` = '" + runId + "'");
        var response = http.send(HttpRequest.newBuilder(api("runs/search")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode runs = Json.MAPPER.readTree(response.body()).path("runs");
        assertEquals(1, runs.size(), response.body());
        return runs.get(0);
    }

    /** A metric's history as {@code step:value}, in step order. */
    private List<String> history(String mlRunId, String key) throws Exception {
        List<String> out = new ArrayList<>();
        get("metrics/get-history?run_id=" + mlRunId + "&metric_key=" + enc(key)).path("metrics")
                .forEach(m -> out.add(m.path("step").asLong() + ":" + m.path("value").asDouble()));
        out.sort(java.util.Comparator.comparingLong(s -> Long.parseLong(s.substring(0, s.indexOf(':')))));
        return out;
    }

    private String source(String mlflowVersion) throws Exception {
        return get("model-versions/get?name=" + enc(model) + "&version=" + mlflowVersion).path("model_version")
                .path("source").asText();
    }

    private String champion() throws Exception {
        String number = get("registered-models/alias?name=" + enc(model) + "&alias=champion").path("model_version")
                .path("version").asText();
        return client.modelVersions(model).stream().filter(v -> v.version().equals(number)).findFirst().orElseThrow()
                .tags().get("pitstop.version");
    }

    private Map<String, String> stages() throws Exception {
        var out = new TreeMap<String, String>();
        client.modelVersions(model).forEach(v -> out.put(v.tags().get("pitstop.version"), v.tags().get("pitstop.stage")));
        return out;
    }

    private String download(JsonNode mlRun, String path) throws Exception {
        String root = mlRun.path("info").path("artifact_uri").asText().substring("mlflow-artifacts:/".length());
        var response = http.send(HttpRequest.newBuilder(MlflowServer.shared().uri()
                .resolve("/api/2.0/mlflow-artifacts/artifacts/" + root + "/" + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private JsonNode get(String pathAndQuery) throws Exception {
        var response = http.send(HttpRequest.newBuilder(api(pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), pathAndQuery + ": " + response.body());
        return Json.MAPPER.readTree(response.body());
    }

    private static URI api(String pathAndQuery) {
        return MlflowServer.shared().uri().resolve("/api/2.0/mlflow/" + pathAndQuery);
    }

    private static Map<String, String> pairs(JsonNode list) {
        var out = new TreeMap<String, String>();
        list.forEach(p -> out.put(p.path("key").asText(), p.path("value").asText()));
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }
}
