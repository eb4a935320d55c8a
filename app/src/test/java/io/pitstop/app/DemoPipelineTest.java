package io.pitstop.app;

import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.pitstop.engine.cli.PitstopCli;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.registry.SqlRegistry;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.RunStatus;
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

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo pipeline end to end through the CLI, on a 1,500-row sample in a fresh Git + DVC
 * project: real dvc, Spark, Deequ, DL4J and Delta. The runs build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoPipelineTest {

    static final int ROWS = 1500;

    @TempDir
    static Path temp;
    static Path project;
    static Path pipeline;

    @BeforeAll
    static void createProject() throws Exception {
        project = DemoProject.create(temp.resolve("demo"), ROWS);
        pipeline = project.resolve("pipelines/telco-churn.yaml");
        // A short training keeps the test quick; the floor still has to be met.
        DemoProject.edit(pipeline, "epochs: 30", "epochs: 8");
        // The sample is small, so a challenger's AUC moves by chance; the gate's "no" is tested on its own below.
        DemoProject.edit(pipeline, "max_regression: { auc: 0.02 }", "max_regression: { auc: 0.5 }");
        // So does a group's TPR: the fairness gate's "no" is tested in FairnessGateTest.
        DemoProject.edit(pipeline, "max_group_regression: { tpr: 0.2 }", "max_group_regression: { tpr: 1.0 }");
    }

    @Test
    @Order(1)
    void aBrokenPipelineIsRefusedWithItsLineAndColumn() throws Exception {
        Path broken = project.resolve("pipelines/broken.yaml");
        Files.writeString(broken, Files.readString(pipeline).replace("    needs: [train]\n", "    needs: [trian]\n"));
        var err = new ByteArrayOutputStream();
        int code = withStderr(err, () -> PitstopCli.execute("check", "--project", project.toString(), broken.toString()));
        assertEquals(2, code);
        int line = lineOf(broken, "needs: [trian]");
        assertTrue(err.toString().contains(broken + ":" + line + ":"), err.toString());
        assertTrue(err.toString().contains("trian"), err.toString());
        Files.delete(broken);
    }

    @Test
    @Order(2)
    void firstRunReleasesAModelAndScoresEveryCustomer() throws Exception {
        assertEquals(0, run());
        try (var store = openStore()) {
            RunRecord last = store.listRuns(1).get(0);
            assertEquals(RunStatus.SUCCEEDED, last.status());
            Map<String, StepStatus> steps = statuses(store.steps(last.runId()));
            assertEquals(9, steps.size());
            assertTrue(steps.values().stream().allMatch(s -> s == StepStatus.SUCCEEDED), steps.toString());
            var production = new SqlRegistry(store).inStage("churn", Stage.PRODUCTION).orElseThrow();
            assertEquals("1.0.0", production.version());
            assertTrue(Files.exists(Path.of(production.packagePath()).resolve("checksums.sha256")));
            assertKeepsToTheRunRecordSchema(last.runId());
        }
        assertTrue(Files.readString(project.resolve("data/telco_churn.csv.dvc")).contains("md5:"));
        List<Row> table = predictions();
        assertEquals(ROWS, table.size());
        assertTrue(table.stream().allMatch(r -> "1.0.0".equals(r.getAs("model_version"))));
    }

    @Test
    @Order(3)
    void aSecondRunWithNothingChangedIsServedFromTheCache() throws Exception {
        assertEquals(0, run());
        try (var store = openStore()) {
            RunRecord last = store.listRuns(1).get(0);
            Map<String, StepStatus> steps = statuses(store.steps(last.runId()));
            assertTrue(steps.values().stream().allMatch(s -> s == StepStatus.CACHED), steps.toString());
            assertKeepsToTheRunRecordSchema(last.runId());
        }
    }

    @Test
    @Order(4)
    void changedDataTrainsAChallengerAndGatesItAgainstTheChampion() throws Exception {
        Path landing = project.resolve("data/landing/telco_churn.csv");
        List<String> lines = Files.readAllLines(landing);
        Files.write(landing, lines.subList(0, lines.size() - 200));
        int code = run();
        try (var store = openStore()) {
            RunRecord last = store.listRuns(1).get(0);
            Map<String, StepStatus> steps = statuses(store.steps(last.runId()));
            assertEquals(StepStatus.SUCCEEDED, steps.get("version-data"));
            assertEquals(StepStatus.SUCCEEDED, steps.get("train"));
            StepRecord gate = store.steps(last.runId()).stream().filter(s -> s.stepId().equals("gate")).findFirst().orElseThrow();
            var report = gate.reports().get("gate");
            assertEquals("churn 1.0.0", report.path("champion").asText(), report.toString());
            assertTrue(report.has("champion_metrics"), report.toString());
            assertTrue(report.path("passed").asBoolean(), report.toString());
            assertEquals(0, code);
            assertEquals("1.1.0", new SqlRegistry(store).inStage("churn", Stage.PRODUCTION).orElseThrow().version());
        }
        List<Row> table = predictions();
        assertEquals(ROWS - 200, table.size());
        assertTrue(table.stream().allMatch(r -> "1.1.0".equals(r.getAs("model_version"))));
    }

    @Test
    @Order(5)
    void theReportsOfTheChallengersRunAndOfItsReleaseShowCurvesThresholdsTheGateAndDrift() throws Exception {
        String runId;
        try (var store = openStore()) {
            runId = store.listRuns(1).get(0).runId();
        }
        var out = new ByteArrayOutputStream();
        assertEquals(0, withStdout(out, () -> PitstopCli.execute("report", runId, "--project", project.toString())));
        Path page = project.resolve(".pitstop/reports/" + runId + ".html");
        assertTrue(out.toString().contains(page.toString()), out.toString());
        String html = Files.readString(page);
        for (String id : List.of("learning-curves-loss", "roc-curve", "roc-threshold", "pr-curve", "threshold-table",
                "calibration-chart", "slice-0", "champion-vs-challenger", "gate-rules", "profile-table", "drift-bars")) {
            assertTrue(html.contains("id=\"" + id + "\""), "the run's report has no " + id);
        }
        assertTrue(html.contains("champion: churn 1.0.0"), "the gate's champion is named");
        assertFalse(html.contains("id=\"not-shown\""), "every part of a full run is shown");

        Path versionPage = temp.resolve("churn-1.1.0.html");
        assertEquals(0, PitstopCli.execute("report", "churn", "1.1.0", "--out", versionPage.toString(), "--project",
                project.toString()));
        String version = Files.readString(versionPage);
        for (String id : List.of("learning-curves-loss", "roc-curve", "champion-vs-challenger", "profile-table")) {
            assertTrue(version.contains("id=\"" + id + "\""), "the version's report has no " + id);
        }

        var err = new ByteArrayOutputStream();
        assertEquals(2, withStderr(err, () -> PitstopCli.execute("report", "r-no-such-run", "--project", project.toString())));
        assertTrue(err.toString().contains("no run 'r-no-such-run'") && err.toString().contains("./pitstop runs list"), err.toString());
        err.reset();
        assertEquals(2, withStderr(err, () -> PitstopCli.execute("report", "churn", "9.9.9", "--project", project.toString())));
        assertTrue(err.toString().contains("no version 9.9.9 of model 'churn'"), err.toString());

        // A report reads files: a fresh JVM writing one loads no Spark, Scala, DL4J or ND4J class.
        var loaded = CheckLoadsNoHeavyClassesTest.loadedClasses(temp.resolve("report-classes.log"),
                "io.pitstop.engine.cli.PitstopCli", "report", runId, "--out", temp.resolve("again.html").toString(),
                "--project", project.toString());
        assertTrue(loaded.contains("io.pitstop.steps.report.HtmlReportWriter"), "the writer did not run: the test proves nothing");
        assertEquals(List.of(), loaded.stream().filter(c -> c.startsWith("org.apache.spark.") || c.startsWith("scala.")
                || c.startsWith("org.deeplearning4j.") || c.startsWith("org.nd4j.") || c.startsWith("org.bytedeco.")).toList(),
                "report loaded heavy classes");
    }

    @Test
    @Order(6)
    void aFailedRunResumesFromItsFailedStep() throws Exception {
        Path contract = project.resolve("data-contracts/telco-churn.yaml");
        String original = Files.readString(contract);
        DemoProject.edit(contract, "kind: row_count, min: 1000 }", "kind: row_count, min: 100000 }");
        assertEquals(1, run());
        String failedRun;
        try (var store = openStore()) {
            RunRecord last = store.listRuns(1).get(0);
            failedRun = last.runId();
            assertEquals(RunStatus.FAILED, last.status());
            Map<String, StepStatus> steps = statuses(store.steps(failedRun));
            assertEquals(StepStatus.FAILED, steps.get("validate"));
            assertEquals(StepStatus.SKIPPED, steps.get("score"));
        }
        Files.writeString(contract, original);
        assertEquals(0, PitstopCli.execute("resume", "--project", project.toString(), failedRun));
        try (var store = openStore()) {
            assertEquals(RunStatus.SUCCEEDED, store.findRun(failedRun).orElseThrow().status());
            Map<String, StepStatus> steps = statuses(store.steps(failedRun));
            assertNotEquals(StepStatus.FAILED, steps.get("validate"));
            assertFalse(steps.containsValue(StepStatus.SKIPPED), steps.toString());
        }
    }

    @Test
    @Order(7)
    void aGateThatSaysNoReleasesNothingAndLeavesTheTableAlone() throws Exception {
        DemoProject.edit(pipeline, "floors: { auc: 0.75 }", "floors: { auc: 0.999 }");
        Path landing = project.resolve("data/landing/telco_churn.csv");
        List<String> lines = Files.readAllLines(landing);
        Files.write(landing, lines.subList(0, lines.size() - 100));
        assertEquals(3, run(), "a gate that said no ends the run with exit 3");
        try (var store = openStore()) {
            RunRecord last = store.listRuns(1).get(0);
            assertEquals(RunStatus.STOPPED, last.status());
            Map<String, StepStatus> steps = statuses(store.steps(last.runId()));
            assertEquals(StepStatus.STOPPED, steps.get("gate"));
            assertEquals(StepStatus.SKIPPED, steps.get("package"));
            assertEquals(StepStatus.SKIPPED, steps.get("score"));
            assertEquals("1.1.0", new SqlRegistry(store).inStage("churn", Stage.PRODUCTION).orElseThrow().version());
            assertEquals(2, new SqlRegistry(store).versions("churn").size(), "nothing new was registered");
        }
        assertEquals(ROWS - 200, predictions().size(), "the analysts' table still holds the previous run");
    }

    @Test
    @Order(8)
    void reproduceRebuildsTheFirstReleaseFromItsLineageBitForBitThoughTheDataHasChangedSince() throws Exception {
        var out = new ByteArrayOutputStream();
        int code = withStdout(out, () -> PitstopCli.execute("reproduce", "--project", project.toString(), "churn", "1.0.0"));

        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains("identical: the rebuilt model matches churn 1.0.0 bit for bit"), out.toString());
        assertTrue(out.toString().contains("restored data/telco_churn.csv to md5 " + releasedDataMd5("1.0.0")), out.toString());
        assertTrue(out.toString().lines().anyMatch(l -> l.matches("\\s+auc\\s+(\\S+)\\s+\\1")),
                "the same AUC on both sides: " + out);
        try (var store = openStore()) {
            assertEquals("1.1.0", new SqlRegistry(store).inStage("churn", Stage.PRODUCTION).orElseThrow().version(),
                    "reproducing changes nothing in the project's registry");
        }
    }

    @Test
    @Order(9)
    void reproduceDetectsThatTheRecordedDataVersionNoLongerHasItsBytes() throws Exception {
        String md5 = releasedDataMd5("1.0.0");
        String object = "files/md5/" + md5.substring(0, 2) + "/" + md5.substring(2);
        Files.deleteIfExists(project.resolve(".dvc/cache").resolve(object));
        Path remote = project.resolve(".pitstop/dvc-remote").resolve(object);
        remote.toFile().setWritable(true);
        Files.writeString(remote, "customer_id,churn\nC1,Yes\n");

        var out = new ByteArrayOutputStream();
        int code = withStdout(out, () -> PitstopCli.execute("reproduce", "--project", project.toString(), "churn", "1.0.0"));

        assertEquals(1, code, out.toString());
        assertTrue(out.toString().contains("the rebuild did not finish"), out.toString());
        assertTrue(out.toString().contains("to md5 " + md5), "names the version it could not restore: " + out);
    }

    private static String releasedDataMd5(String version) throws Exception {
        try (var store = openStore()) {
            var registered = new SqlRegistry(store).find("churn", version).orElseThrow();
            var keys = io.pitstop.engine.pkg.PackageKeys.of(io.pitstop.engine.conf.ProfileLoader.load(project, "local"));
            return io.pitstop.engine.pkg.ModelPackage.open(Path.of(registered.packagePath()), keys).manifest().lineage()
                    .get("data.md5");
        }
    }

    @Test
    @Order(10)
    void theScoreCommandScoresAnotherInputAndTheTableCanBeListedAndRolledBack() throws Exception {
        String previousRun = predictions().get(0).getAs("run_id");
        long previousRows = predictions().size();
        List<String> landing = Files.readAllLines(project.resolve("data/landing/telco_churn.csv"));
        Files.write(project.resolve("data/score-input.csv"), landing.subList(0, 1101));

        assertEquals(0, PitstopCli.execute("score", "--project", project.toString(), pipeline.toString(),
                "--input", "data/score-input.csv"));
        String scoreRun;
        try (var store = openStore()) {
            RunRecord last = store.listRuns(1).get(0);
            scoreRun = last.runId();
            assertEquals(Map.of("score", StepStatus.SUCCEEDED), statuses(store.steps(scoreRun)));
            var monitoring = store.steps(scoreRun).get(0).reports().get("monitoring");
            assertEquals(1100, monitoring.path("rows").asLong(), monitoring.toString());
        }
        List<Row> scored = predictions();
        assertEquals(1100, scored.size());
        assertTrue(scored.stream().allMatch(r -> scoreRun.equals(r.getAs("run_id"))
                && "1.1.0".equals(r.getAs("model_version"))));
        String prom = Files.readString(project.resolve(".pitstop/metrics/telco-churn-score.prom"));
        assertTrue(prom.contains("pitstop_scoring_rows{pipeline=\"telco-churn\",model=\"churn\"} 1100"), prom);
        assertTrue(prom.contains("pitstop_scoring_model_info{pipeline=\"telco-churn\",model=\"churn\",version=\"1.1.0\"} 1"), prom);

        // An input without a column the model needs: the run fails, naming it, and the table stays.
        List<String> withoutTenure = new java.util.ArrayList<>();
        int tenure = List.of(landing.get(0).split(",", -1)).indexOf("tenure");
        for (String line : landing.subList(0, 1101)) {
            var cells = new java.util.ArrayList<>(List.of(line.split(",", -1)));
            cells.remove(tenure);
            withoutTenure.add(String.join(",", cells));
        }
        Files.write(project.resolve("data/no-tenure.csv"), withoutTenure);
        assertEquals(1, PitstopCli.execute("score", "--project", project.toString(), pipeline.toString(),
                "--input", "data/no-tenure.csv"));
        try (var store = openStore()) {
            assertTrue(store.steps(store.listRuns(1).get(0).runId()).get(0).message().contains("tenure"));
        }
        assertTrue(predictions().stream().allMatch(r -> scoreRun.equals(r.getAs("run_id"))));

        String table = ".pitstop/tables/churn_predictions";
        var out = new ByteArrayOutputStream();
        assertEquals(0, withStdout(out, () -> PitstopCli.execute("predictions", "history", "--project",
                project.toString(), table)));
        assertTrue(out.toString().contains(scoreRun) && out.toString().contains("churn 1.1.0"), out.toString());
        assertTrue(out.toString().contains(previousRun), out.toString());
        var json = new ByteArrayOutputStream();
        assertEquals(0, withStdout(json, () -> PitstopCli.execute("predictions", "history", "--json", "--project",
                project.toString(), table)));
        var history = Json.MAPPER.readTree(json.toString());
        assertEquals(1, history.path("format_version").asInt(), json.toString());
        var newest = history.path("versions").get(0);
        assertEquals(scoreRun, newest.path("run_id").asText(), json.toString());
        assertEquals("1.1.0", newest.path("model_version").asText(), json.toString());
        assertTrue(newest.path("version").isIntegralNumber() && newest.path("rows").isIntegralNumber(), json.toString());
        // The same table named by a filesystem URI, as a table on HDFS or S3A would be.
        var byUri = new ByteArrayOutputStream();
        String uri = project.resolve(table).toUri().toString();
        assertEquals(0, withStdout(byUri, () -> PitstopCli.execute("predictions", "history", "--project",
                project.toString(), uri)));
        assertEquals(out.toString(), byUri.toString());
        assertEquals(2, PitstopCli.execute("predictions", "history", "--project", project.toString(),
                project.resolve("no-such-table").toUri().toString()));

        assertEquals(0, PitstopCli.execute("predictions", "rollback", "--project", project.toString(), uri,
                "--to", previousRun));
        List<Row> restored = predictions();
        assertEquals(previousRows, restored.size());
        assertTrue(restored.stream().allMatch(r -> previousRun.equals(r.getAs("run_id"))));
        assertEquals(2, PitstopCli.execute("predictions", "rollback", "--project", project.toString(), table,
                "--to", "no-such-run"));
    }

    /** What {@code runs show --json} prints for a real run of every step kind, against the committed schema. */
    private static void assertKeepsToTheRunRecordSchema(String runId) throws Exception {
        var out = new ByteArrayOutputStream();
        assertEquals(0, withStdout(out, () -> PitstopCli.execute("runs", "show", runId, "--json", "--project",
                project.toString())));
        var schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(Path.of("..", "docs", "schemas", "run-record.schema.json")));
        var record = Json.MAPPER.readTree(out.toString());
        assertEquals(List.of(), schema.validate(record), out.toString());
        assertEquals(9, record.path("steps").size(), out.toString());
    }

    private static int withStdout(ByteArrayOutputStream sink, java.util.function.IntSupplier action) {
        PrintStream old = System.out;
        System.setOut(new PrintStream(sink, true));
        try {
            return action.getAsInt();
        } finally {
            System.setOut(old);
        }
    }

    private static int run() {
        return PitstopCli.execute("run", "--project", project.toString(), pipeline.toString());
    }

    private static SqlRunStore openStore() {
        return SqlRunStore.open("jdbc:sqlite:" + project.resolve(".pitstop/pitstop.db"));
    }

    private static List<Row> predictions() throws Exception {
        SparkSession spark = SparkSessionResource.build("local[1]", temp.resolve("reader"), Map.of());
        try {
            return spark.read().format("delta").load(project.resolve(".pitstop/tables/churn_predictions").toString())
                    .collectAsList();
        } finally {
            spark.stop();
        }
    }

    private static Map<String, StepStatus> statuses(List<StepRecord> steps) {
        return steps.stream().collect(Collectors.toMap(StepRecord::stepId, StepRecord::status));
    }

    private static int lineOf(Path file, String text) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        throw new IllegalStateException(text + " not in " + file);
    }

    private static int withStderr(ByteArrayOutputStream sink, java.util.function.IntSupplier action) {
        PrintStream old = System.err;
        System.setErr(new PrintStream(sink, true));
        try {
            return action.getAsInt();
        } finally {
            System.setErr(old);
        }
    }
}
