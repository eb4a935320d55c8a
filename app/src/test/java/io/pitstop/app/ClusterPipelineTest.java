package io.pitstop.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.cli.PitstopCli;
import io.pitstop.engine.fault.KillPoint;
import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.steps.spark.SparkSessionResource;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo pipeline on a real Spark standalone cluster (a master and two one-core workers on
 * 127.0.0.1, the build's Spark version), chosen by nothing but {@code --profile cluster}: the same
 * validation outcome and identical predictions as a local run for a driver-trained model, work seen
 * on the executors, and distributed training reaching the local AUC.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterPipelineTest {

    static final int ROWS = 1000;  // the contract asks for at least 1,000 rows

    @TempDir
    static Path temp;
    static StandaloneCluster cluster;
    static Path local;
    static Path remote;

    @BeforeAll
    static void startClusterAndProjects() throws Exception {
        cluster = StandaloneCluster.start(temp.resolve("spark"), 2, 1, "1500m");
        local = DemoProject.create(temp.resolve("local"), ROWS);
        remote = DemoProject.create(temp.resolve("remote"), ROWS);
        for (Path project : List.of(local, remote)) {
            DemoProject.edit(project.resolve("pipelines/telco-churn.yaml"), "epochs: 30", "epochs: 6");
            // The remote project's second model is gated against its first: on 1,000 rows a group's TPR moves by chance.
            DemoProject.edit(project.resolve("pipelines/telco-churn.yaml"), "max_group_regression: { tpr: 0.2 }",
                    "max_group_regression: { tpr: 1.0 }");
        }
        Files.writeString(remote.resolve("conf/cluster.yaml"), """
                profile: cluster
                state_dir: .pitstop
                store: {url: "jdbc:sqlite:.pitstop/pitstop.db"}
                dvc: {remote: .pitstop/dvc-remote}
                spark:
                  master: %s
                  conf:
                    spark.executor.memory: 1g
                    spark.executor.cores: "1"
                    spark.sql.shuffle.partitions: "4"
                training:
                  path: driver
                # Released packages on a shared filesystem, addressed by a Hadoop URI like hdfs:// or s3a:// would be.
                packages:
                  location: "%s"
                """.formatted(cluster.masterUrl(), temp.resolve("shared-packages").toUri()));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void aDriverTrainedModelScoresIdenticallyOnTheClusterAndWorkRanOnItsExecutors() throws Exception {
        assertEquals(0, run(local, "local"));
        assertEquals(0, run(remote, "cluster"));

        assertEquals(validation(local), validation(remote), "the same validation outcome");
        Map<String, Double> here = predictions(local);
        Map<String, Double> there = predictions(remote);
        assertEquals(ROWS, there.size());
        assertEquals(here, there, "identical predictions for the same driver-trained model");
        // The cluster profile keeps packages on a Hadoop filesystem: published there, registered and scored from there.
        String location = step(remote, "package").outputs().get("package_location");
        assertTrue(location.startsWith("file:") && location.endsWith("/churn-1.0.0"), location);
        assertTrue(Files.isRegularFile(temp.resolve("shared-packages/churn-1.0.0/manifest.json")), location);

        JsonNode env = step(remote, "train").reports().get("environment");
        Set<String> executors = new HashSet<>(List.of(env.path("spark.executors").asText().split(",")));
        assertFalse(executors.contains("driver"), "tasks ran on executors, not in the driver: " + env);
        assertEquals(2, executors.size(), "both workers' executors ran tasks: " + env);
        String appId = env.path("spark.application_id").asText();
        JsonNode state = cluster.state();
        boolean listed = false;
        for (JsonNode app : state.path("completedapps")) listed |= appId.equals(app.path("id").asText());
        for (JsonNode app : state.path("activeapps")) listed |= appId.equals(app.path("id").asText());
        assertTrue(listed, "the master lists the run's application " + appId + ": " + state);
    }

    @Test
    @Order(2)
    void distributedTrainingOnTheExecutorsReachesTheLocalAuc() throws Exception {
        DemoProject.edit(remote.resolve("conf/cluster.yaml"), "path: driver", "path: spark");

        assertEquals(0, run(remote, "cluster"));

        StepRecord train = step(remote, "train");
        assertTrue(train.reports().get("environment").path("training.path").asText().startsWith("spark"), train.toString());
        double distributed = step(remote, "evaluate").metrics().get("auc");
        double driver = step(local, "evaluate").metrics().get("auc");
        System.out.printf("test AUC on %d rows: distributed %.4f, driver %.4f%n", ROWS, distributed, driver);
        assertTrue(Math.abs(distributed - driver) < 0.05, "distributed " + distributed + " vs driver " + driver);
    }

    @Test
    @Order(3)
    void theSparkSubmitJarRunsThePipelineOnTheClusterWithTheSamePredictions() throws Exception {
        Path jar = DemoProject.REPO.resolve("submit/target/pitstop-spark.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing: the reactor builds module submit before app"
                + " (mvn -pl submit -am package)");
        Path submitted = DemoProject.create(temp.resolve("submitted"), ROWS);
        DemoProject.edit(submitted.resolve("pipelines/telco-churn.yaml"), "epochs: 30", "epochs: 6");
        Files.writeString(submitted.resolve("conf/cluster.yaml"), Files.readString(remote.resolve("conf/cluster.yaml"))
                .replace("path: spark", "path: driver")
                // Its own registry, so its own package store: a store holds one registry's versions.
                .replace("shared-packages", "submitted-packages"));
        // What an operator types: the distribution's spark-submit, the one jar, Pitstop's CLI as the main class.
        var command = List.of(cluster.home().resolve("bin/spark-submit").toString(),
                "--master", cluster.masterUrl(), "--deploy-mode", "client",
                "--class", "io.pitstop.engine.cli.PitstopCli",
                "--driver-java-options", Files.readString(DemoProject.REPO.resolve("app/target/jvm.flags")).strip()
                        + " -Dpitstop.home=" + DemoProject.REPO,
                jar.toString(),
                "run", "--profile", "cluster", "--project", submitted.toString(),
                submitted.resolve("pipelines/telco-churn.yaml").toString());
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(temp.resolve("spark-submit.log").toFile());
        builder.environment().put("SPARK_HOME", cluster.home().toString());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process submit = builder.start();
        assertTrue(submit.waitFor(900, TimeUnit.SECONDS), "spark-submit finished");
        String log = Files.readString(temp.resolve("spark-submit.log"));
        assertEquals(0, submit.exitValue(), log.length() > 6000 ? log.substring(log.length() - 6000) : log);

        assertEquals(validation(local), validation(submitted), "the same validation outcome");
        assertEquals(predictions(local), predictions(submitted), "identical predictions for the same driver-trained model");
        JsonNode env = step(submitted, "train").reports().get("environment");
        assertFalse(env.path("spark.executors").asText().contains("driver"), env.toString());
        String appId = env.path("spark.application_id").asText();
        boolean listed = false;
        for (JsonNode app : cluster.state().path("completedapps")) listed |= appId.equals(app.path("id").asText());
        assertTrue(listed, "the master lists the submitted application " + appId);
    }

    @Test
    @Order(4)
    void aWorkerKilledWhileItScoresIsRetriedElsewhereAndTheTableIsSwappedExactlyOnce() throws Exception {
        Path table = remote.resolve(".pitstop/tables/churn_predictions");
        long commitsBefore = deltaCommits(table);
        // One scoring task, on whichever executor gets there first, stops at its start and writes its
        // executor's pid; Spark's retries of it run through (only the first arrival pauses).
        Path claimed = temp.resolve("scoring-task.pid");
        DemoProject.edit(remote.resolve("conf/cluster.yaml"), "    spark.sql.shuffle.partitions: \"4\"\n",
                "    spark.sql.shuffle.partitions: \"4\"\n    spark.executor.extraJavaOptions: \"-D"
                        + KillPoint.PAUSE_PROPERTY + "=" + KillPoint.SCORING_TASK + " -D" + KillPoint.MARKER_PROPERTY
                        + "=" + claimed + "\"\n");
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> scoring = background.submit(() -> PitstopCli.execute("score", "--profile", "cluster",
                    "--project", remote.toString(), remote.resolve("pipelines/telco-churn.yaml").toString()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (!Files.exists(claimed) || Files.readString(claimed).isBlank()) {
                assertFalse(scoring.isDone(), "scoring ended before any task reached the kill point");
                assertTrue(System.nanoTime() < deadline, "no scoring task reached the kill point in 300 s");
                Thread.sleep(200);
            }
            long executor = Long.parseLong(Files.readString(claimed).strip());
            int worker = cluster.killWorkerRunning(executor);
            System.out.printf("killed worker %d (executor pid %d) in the middle of scoring%n", worker + 1, executor);

            assertEquals(0, scoring.get(600, TimeUnit.SECONDS), "Spark re-ran the lost task on the other executor");
        } finally {
            background.shutdownNow();
        }
        assertEquals(commitsBefore + 1, deltaCommits(table), "exactly one new table version");
        String runId;
        try (var store = SqlRunStore.open("jdbc:sqlite:" + remote.resolve(".pitstop/pitstop.db"))) {
            runId = store.listRuns(1).get(0).runId();
        }
        SparkSession spark = SparkSessionResource.build("local[1]", temp.resolve("reader"), Map.of());
        try {
            var rows = spark.read().format("delta").load(table.toString());
            assertEquals(ROWS, rows.count());
            assertEquals(ROWS, rows.select("customer_id").distinct().count(), "every key once");
            assertEquals(ROWS, rows.filter(org.apache.spark.sql.functions.col("run_id").equalTo(runId)).count(),
                    "every row from the run that lost a worker");
        } finally {
            spark.stop();
        }
    }

    /** Commits in the table's Delta log: one JSON file per version. */
    private static long deltaCommits(Path table) throws java.io.IOException {
        try (var files = Files.list(table.resolve("_delta_log"))) {
            return files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).count();
        }
    }

    private static int run(Path project, String profile) {
        return PitstopCli.execute("run", "--profile", profile, "--project", project.toString(),
                project.resolve("pipelines/telco-churn.yaml").toString());
    }

    /** The newest record of a step. */
    private static StepRecord step(Path project, String stepId) {
        try (var store = SqlRunStore.open("jdbc:sqlite:" + project.resolve(".pitstop/pitstop.db"))) {
            String runId = store.listRuns(1).get(0).runId();
            return store.steps(runId).stream().filter(s -> s.stepId().equals(stepId)).findFirst().orElseThrow();
        }
    }

    private static Map<String, Double> validation(Path project) {
        return new TreeMap<>(step(project, "validate").metrics());
    }

    private static Map<String, Double> predictions(Path project) throws Exception {
        SparkSession spark = SparkSessionResource.build("local[1]", temp.resolve("reader"), Map.of());
        try {
            var out = new TreeMap<String, Double>();
            for (Row r : spark.read().format("delta").load(project.resolve(".pitstop/tables/churn_predictions").toString())
                    .select("customer_id", "score").collectAsList()) {
                out.put(r.getString(0), r.getDouble(1));
            }
            return out;
        } finally {
            spark.stop();
        }
    }
}
