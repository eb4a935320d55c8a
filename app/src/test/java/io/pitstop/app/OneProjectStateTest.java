package io.pitstop.app;

import io.pitstop.engine.cli.PitstopCli;
import io.pitstop.engine.conf.ProfileLoader;
import io.pitstop.engine.pkg.ModelPackage;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.registry.SqlRegistry;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.spec.PipelineLoader;
import io.pitstop.engine.spec.StepCatalog;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.store.StepStatus;
import io.pitstop.steps.spark.SparkSessionResource;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One project, one state, whoever runs it: releases of the demo pipeline alternate between a Git tag
 * trigger (which runs the code from a clean checkout under .pitstop/triggers/), {@code run} and the
 * Airflow task command {@code step}, one process per step, on one project of 300 rows, under a profile that refuses to
 * release from a dirty tree. Each gate verifies, with the project's one signing key, the champion
 * that another way of running released; keys, packages, registry, DVC remote, tables and release
 * tags all stay in the project. Real Git, dvc, Spark, Deequ, DL4J and Delta.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OneProjectStateTest {

    static final int ROWS = 300;
    static final String PROFILE = "strict";
    static final String TABLE = ".pitstop/tables/churn_predictions";

    @TempDir
    static Path temp;
    static Path project;
    static String pipeline;

    @BeforeAll
    static void createProject() throws Exception {
        project = DemoProject.create(temp.resolve("demo"), ROWS);
        pipeline = project.resolve("pipelines/telco-churn.yaml").toString();
        Path file = Path.of(pipeline);
        DemoProject.edit(file, "epochs: 30", "epochs: 4");
        // 300 rows make every metric noisy: these runs are about where state goes, not about model quality.
        DemoProject.edit(file, "floors: { auc: 0.75 }", "floors: { auc: 0.5 }");
        DemoProject.edit(file, "max_regression: { auc: 0.02 }", "max_regression: { auc: 0.5 }");
        DemoProject.edit(file, "max_relative_regression: { log_loss: 0.05 }", "max_relative_regression: { log_loss: 5 }");
        DemoProject.edit(project.resolve("data-contracts/telco-churn.yaml"), "row_count, min: 1000", "row_count, min: 100");
        // The local profile, plus the rule the cluster profile has: only what a commit holds goes to production.
        Files.writeString(project.resolve("conf/" + PROFILE + ".yaml"), Files.readString(project.resolve("conf/local.yaml"))
                .replace("profile: local", "profile: " + PROFILE) + "governance:\n  require_clean_tree: true\n");
        commit("a short training, and a profile that releases only committed code");
        git("tag", "train/telco-churn/v1");
    }

    @Test
    @Order(1)
    void aTagTriggerReleasesIntoTheProjectsStateNotIntoItsCheckout() throws Exception {
        assertEquals(0, cli("trigger", "train/telco-churn/v1"));

        assertEquals("1.0.0", production());
        Path checkout = project.resolve(".pitstop/triggers/train_telco-churn_v1");
        assertTrue(Files.isDirectory(checkout.resolve(".git")), "the code ran from a clean checkout");
        assertFalse(Files.exists(checkout.resolve(".pitstop")), "no keys, packages, tables or DVC remote in the checkout");
        assertTrue(Files.isRegularFile(project.resolve(".pitstop/keys/package-signing.pub")), "the project's one key pair");
        assertTrue(Files.isDirectory(project.resolve(".pitstop/dvc-remote/files")), "data pushed to the project's remote");
        assertEquals(List.of("model/churn/v1.0.0"), List.of(git("tag", "-l", "model/*").strip().split("\n")),
                "tagged in the project's repository");
        assertTrue(git("tag", "-l", "--format=%(contents)", "model/churn/v1.0.0").contains("audit-head: 1 "),
                "the tag anchors the audit log's head: the registration of 1.0.0");
        Map<String, String> lineage = released("1.0.0").manifest().lineage();
        assertEquals("false", lineage.get("git.dirty"));
        assertEquals(git("rev-parse", "train/telco-churn/v1^{commit}").strip(), lineage.get("git.commit"));
        String md5 = lineage.get("data.md5");
        assertTrue(Files.isRegularFile(project.resolve(".dvc/cache/files/md5/" + md5.substring(0, 2) + "/" + md5.substring(2))),
                "the data version is in the project's DVC cache, not only in the checkout's");
        List<Row> table = predictions();
        assertEquals(ROWS, table.size());
        assertTrue(table.stream().allMatch(r -> "1.0.0".equals(r.getAs("model_version"))));
    }

    @Test
    @Order(2)
    void aRunFromAnUntrackedContractAndModifiedFilesIsDirtyAndNotReleased() throws Exception {
        dropLastRows(40);
        Files.copy(project.resolve("data-contracts/telco-churn.yaml"), project.resolve("data-contracts/churn-strict.yaml"));
        DemoProject.edit(Path.of(pipeline), "contract: data-contracts/telco-churn.yaml", "contract: data-contracts/churn-strict.yaml");

        assertEquals(1, cli("run"));

        RunRecord run = lastRun();
        assertTrue(run.gitDirty());
        assertTrue(run.gitChanges().containsAll(List.of("modified data/landing/telco_churn.csv",
                "modified pipelines/telco-churn.yaml", "untracked data-contracts/churn-strict.yaml")), run.gitChanges().toString());
        // The run's gate checked the challenger against the champion the trigger released, verifying its signature.
        assertEquals("churn 1.0.0", step(run, "gate").reports().get("gate").path("champion").asText());
        StepRecord promote = step(run, "promote");
        assertEquals(StepStatus.FAILED, promote.status());
        assertTrue(promote.message().contains("untracked data-contracts/churn-strict.yaml")
                && promote.message().contains("governance.require_clean_tree (conf/strict.yaml)"), promote.message());
        assertEquals("1.0.0", production());
        assertEquals(1, registryVersions(), "the refused package was never registered");
        assertTrue(Files.readString(project.resolve(".pitstop/packages/churn-1.1.0/manifest.json"))
                .contains("untracked data-contracts/churn-strict.yaml"), "written, with its dirt in its lineage");
    }

    @Test
    @Order(3)
    void committedTheSameChangesAreReleasedByRunAgainstTheTriggersChampion() throws Exception {
        String head = commit("a contract of our own, and fewer rows");

        assertEquals(0, cli("run"));

        RunRecord run = lastRun();
        assertFalse(run.gitDirty(), run.gitChanges().toString());
        assertEquals("churn 1.0.0", step(run, "gate").reports().get("gate").path("champion").asText());
        String version = production();
        assertEquals("1.2.0", version, "a fresh package: the refused 1.1.0 keeps its number and is not reused");
        Map<String, String> lineage = released(version).manifest().lineage();
        assertEquals("false", lineage.get("git.dirty"));
        assertEquals(head, lineage.get("git.commit"));
        assertTrue(git("tag", "-l", "model/*").contains("model/churn/v" + version));
    }

    @Test
    @Order(4)
    void theAirflowTasksRetrainAgainstRunsChampionAndScoreIntoTheSameTable() throws Exception {
        String champion = production();
        dropLastRows(40);
        commit("fewer rows again");
        String runId = "scheduled__2026-12-07T02:00:00+00:00";

        // One task per step in plan order, as the exported DAG runs them.
        List<String> tasks = new PipelineLoader(StepCatalog.fromServiceLoader()).load(Path.of(pipeline), project).plan().order();
        assertEquals("score", tasks.get(tasks.size() - 1));
        for (String step : tasks) {
            assertEquals(0, PitstopCli.execute("step", "pipelines/telco-churn.yaml", step, "--run-id", runId,
                    "--profile", PROFILE, "--project", project.toString()), "task " + step);
        }

        RunRecord run = run(runId);
        assertEquals("churn " + champion, step(run, "gate").reports().get("gate").path("champion").asText());
        String version = production();
        assertNotEquals(champion, version);
        List<Row> table = predictions();
        assertEquals(ROWS - 80, table.size());
        assertTrue(table.stream().allMatch(r -> version.equals(r.getAs("model_version")) && runId.equals(r.getAs("run_id"))));
    }

    @Test
    @Order(5)
    void theNextTagTriggerVerifiesTheChampionTheAirflowTasksReleased() throws Exception {
        String champion = production();
        dropLastRows(30);
        commit("fewer rows once more");
        git("tag", "train/telco-churn/v2");

        assertEquals(0, cli("trigger", "train/telco-churn/v2"));

        RunRecord run = lastRun();
        assertFalse(run.gitDirty(), run.gitChanges().toString());
        assertEquals("churn " + champion, step(run, "gate").reports().get("gate").path("champion").asText());
        String version = production();
        assertNotEquals(champion, version);
        assertEquals(ROWS - 110, predictions().size(), "the project's table, scored by the triggered run");
        assertFalse(Files.exists(project.resolve(".pitstop/triggers/train_telco-churn_v2/.pitstop")));
        // Every release of this project anchored the audit log (heads file, manifests, tags), and they all agree with it.
        assertTrue(released(version).manifest().lineage().containsKey("audit.head.sequence"));
        // Every head the releases appended is signed with the release key, and every release tag is taken as Pitstop's.
        Path heads = ProfileLoader.load(project, PROFILE).stateDir().resolve("audit/heads");
        for (String line : Files.readAllLines(heads)) assertTrue(line.matches("\\d+ [0-9a-f]{64} \\S{100}"), "signed: " + line);
        var out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        int verified;
        try {
            verified = cli("audit", "verify");
        } finally {
            System.setOut(stdout);
        }
        String said = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, verified, said);
        assertTrue(said.contains("ok  audit log intact"), said);
        assertFalse(said.contains("not an anchor") || said.contains("unsigned"), said);
    }

    private static int cli(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(args));
        if (command.equals("run")) all.add(pipeline);
        all.addAll(List.of("--profile", PROFILE, "--project", project.toString()));
        return PitstopCli.execute(all.toArray(String[]::new));
    }

    private static void dropLastRows(int rows) throws Exception {
        Path landing = project.resolve("data/landing/telco_churn.csv");
        List<String> lines = Files.readAllLines(landing);
        Files.write(landing, lines.subList(0, lines.size() - rows));
    }

    /** Commits everything and returns the new commit. */
    private static String commit(String message) throws Exception {
        git("add", "-A");
        git("commit", "-q", "-m", message);
        return git("rev-parse", "HEAD").strip();
    }

    private static String git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@localhost"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    private static SqlRunStore store() {
        return SqlRunStore.open("jdbc:sqlite:" + project.resolve(".pitstop/pitstop.db"));
    }

    private static String production() {
        try (var store = store()) {
            return new SqlRegistry(store).inStage("churn", Stage.PRODUCTION).orElseThrow().version();
        }
    }

    private static int registryVersions() {
        try (var store = store()) {
            return new SqlRegistry(store).versions("churn").size();
        }
    }

    private static ModelPackage released(String version) {
        try (var store = store()) {
            String path = new SqlRegistry(store).find("churn", version).orElseThrow().packagePath();
            return ModelPackage.open(Path.of(path), PackageKeys.of(ProfileLoader.load(project, PROFILE)));
        }
    }

    private static RunRecord lastRun() {
        try (var store = store()) {
            return store.listRuns(1).get(0);
        }
    }

    private static RunRecord run(String runId) {
        try (var store = store()) {
            return store.findRun(runId).orElseThrow();
        }
    }

    private static StepRecord step(RunRecord run, String stepId) {
        try (var store = store()) {
            return store.steps(run.runId()).stream().filter(s -> s.stepId().equals(stepId)).findFirst().orElseThrow();
        }
    }

    private static List<Row> predictions() throws Exception {
        SparkSession spark = SparkSessionResource.build("local[1]", temp.resolve("reader"), Map.of());
        try {
            return spark.read().format("delta").load(project.resolve(TABLE).toString()).collectAsList();
        } finally {
            spark.stop();
        }
    }
}
