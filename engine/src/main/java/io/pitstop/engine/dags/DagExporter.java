package io.pitstop.engine.dags;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.spec.CheckedPipeline;
import io.pitstop.engine.spec.PipelineSpec;
import io.pitstop.engine.spec.ScheduleSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a checked pipeline into its {@link DagSpec}: one task per step, each running
 * {@code pitstop step <pipeline> <step> --run-id <airflow run id>}, so Airflow only schedules and
 * retries while caching, resume and gates stay in Pitstop. How a task is launched comes from the
 * environment profile: {@code launch: {mode: local}} (default, the {@code pitstop} launcher on the Airflow
 * worker) or {@code launch: {mode: spark-submit, jar: ...}}, which submits the Pitstop jar to {@code spark.master}.
 * A pipeline without a {@code schedule:} block is exported unscheduled (triggered by hand or API). A pipeline
 * with a {@code retrain_when:} block gets a first task, {@code pitstop should-retrain}, that skips the run
 * when no condition holds.
 */
public final class DagExporter {

    private static final String MAIN_CLASS = "io.pitstop.engine.cli.PitstopCli";

    private DagExporter() {
    }

    /** The file name a pipeline's spec is written to in {@code dags/}. */
    public static String fileName(String pipeline) {
        return pipeline + ".dag.json";
    }

    public static DagSpec spec(CheckedPipeline pipeline, String pipelineFile, Profile profile) {
        PipelineSpec p = pipeline.spec();
        ScheduleSpec s = p.schedule();
        List<DagSpec.Task> tasks = new ArrayList<>();
        for (String id : pipeline.plan().order()) {
            var step = p.step(id).orElseThrow();
            // A step that consumes nothing from its upstream steps is only ordered after them, and runs past
            // skipped ones only when every ancestor is of the retrain/release chain: a skipped data step
            // would leave it reading the last run's data (RetrainChain).
            boolean orderedOnly = !step.needs().isEmpty() && pipeline.step(id).consumes().isEmpty()
                    && io.pitstop.engine.plan.RetrainChain.outside(p,
                    pipeline.plan().ancestors().getOrDefault(id, List.of())).isEmpty();
            tasks.add(new DagSpec.Task(id, step.uses(), step.needs(), orderedOnly));
        }
        String launch = profile.get("launch.mode", "local");
        List<String> command = switch (launch) {
            case "local" -> List.of("{pitstop}");
            case "spark-submit" -> sparkSubmit(profile);
            default -> throw new IllegalArgumentException("conf/" + profile.name() + ".yaml: launch.mode must be local"
                    + " or spark-submit, found '" + launch + "'");
        };
        DagSpec.RetrainPolicyTask policy = null;
        if (p.retrainPolicy().isPresent()) {
            var decide = new ArrayList<>(command);
            decide.addAll(List.of("should-retrain", pipelineFile, "--profile", profile.name(), "--project", "{project}"));
            policy = new DagSpec.RetrainPolicyTask(DagSpec.RetrainPolicyTask.TASK_ID, decide,
                    io.pitstop.engine.run.RunOutcome.EXIT_SKIP_RETRAIN);
        }
        var argv = new ArrayList<>(command);
        argv.addAll(List.of("step", pipelineFile, "{step}", "--run-id", "{run_id}", "--profile", profile.name(),
                "--project", "{project}"));
        String owner = p.model().owner().isBlank() ? "pitstop" : p.model().owner();
        List<String> tags = new ArrayList<>(List.of("pitstop"));
        if (s != null) s.tags().stream().filter(t -> !tags.contains(t)).forEach(tags::add);
        return new DagSpec(DagSpec.FORMAT_VERSION, "pitstop_" + p.name().replace('-', '_'), p.description(),
                pipelineFile, profile.name(), s == null ? null : s.cron(),
                (s == null ? java.time.LocalDate.of(2026, 1, 1) : s.startDate()).toString(),
                s != null && s.catchup(),
                owner, tags,
                s == null ? ScheduleSpec.DEFAULT_RETRIES : s.retries(),
                60 * (s == null ? ScheduleSpec.DEFAULT_RETRY_DELAY_MINUTES : s.retryDelayMinutes()),
                60 * (s == null ? ScheduleSpec.DEFAULT_TASK_TIMEOUT_MINUTES : s.taskTimeoutMinutes()),
                60 * (s == null ? ScheduleSpec.DEFAULT_RUN_TIMEOUT_MINUTES : s.runTimeoutMinutes()),
                1, 1, launch, argv, policy, tasks);
    }

    /**
     * spark-submit of the Pitstop jar ({@code submit/target/pitstop-spark.jar} unless
     * {@code launch.jar} names another) to the profile's cluster; the driver runs the one step.
     */
    private static List<String> sparkSubmit(Profile profile) {
        String master = profile.find("spark.master").orElseThrow(() -> new IllegalArgumentException(
                "conf/" + profile.name() + ".yaml: launch.mode spark-submit needs spark.master"));
        var argv = new ArrayList<>(List.of(profile.get("launch.spark_submit", "spark-submit"), "--master", master,
                "--deploy-mode", "client", "--class", MAIN_CLASS,
                // The driver needs the JVM flags Spark and ND4J need on Java 17; the loader fills them in.
                "--driver-java-options", "{driver_java_options}"));
        profile.under("spark.conf").forEach((k, v) -> {
            argv.add("--conf");
            argv.add(k + "=" + v);
        });
        argv.add(profile.get("launch.jar", "{pitstop_jar}"));
        return argv;
    }

    /** The spec as the file holds it: sorted keys as declared, two-space indent, newline at the end. */
    public static String json(DagSpec spec) {
        try {
            return Json.PRETTY.writeValueAsString(spec) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path file(Path dagsDir, String pipeline) {
        return dagsDir.resolve(fileName(pipeline));
    }
}
