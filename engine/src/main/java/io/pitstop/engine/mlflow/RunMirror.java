package io.pitstop.engine.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.artifact.DataVersion;
import io.pitstop.engine.artifact.PackageOutputs;
import io.pitstop.engine.conf.MlflowSettings;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.RunStatus;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.store.StepStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One Pitstop run as one MLflow run, built from what the run store recorded of each step, so the
 * same code logs a step as it ends and replays a whole run later ({@code ./pitstop mlflow sync}).
 * Logging a step twice changes nothing: params keep their value, a metric point logged again is
 * the same point, an artifact uploaded again replaces itself.
 *
 * <ul>
 * <li>run: named after the Pitstop run id, tagged {@code pitstop.run_id}, {@code pitstop.pipeline},
 *     {@code mlflow.source.git.commit}, {@code pitstop.git_dirty}, {@code pitstop.profile};</li>
 * <li>params: each step's resolved params, flattened, {@code <step>.<param>};</li>
 * <li>metrics: {@code <step>/<metric>}; each curve as {@code <step>/<curve>} with the epoch as the
 *     step (1, 2, ...), a metric of the same name as a curve as {@code <step>/model_<metric>}; the slices of a report that has them as {@code <step>/slice/<column>/<value>/<metric>};</li>
 * <li>tags: {@code pitstop.data_version} (dvc's md5) and {@code pitstop.data_path} from a
 *     {@code data_version} output, {@code pitstop.model_version} from a package step,
 *     {@code pitstop.step.<step>} = the step's status;</li>
 * <li>artifacts: {@code reports/<step>/<report>.json}, {@code logs/<step>.log} and every file of a
 *     model package the run built, under {@code package/} (whatever the package holds: the model, its
 *     card, the gate report, an ONNX export).</li>
 * </ul>
 */
public final class RunMirror {

    /** The tag that finds the MLflow run of a Pitstop run. */
    public static final String RUN_TAG = "pitstop.run_id";
    /** Where a run's package goes among its artifacts; a registered version's source points there. */
    public static final String PACKAGE_DIR = "package";
    /** When the mirror made the MLflow run (epoch µs): orders two runs made at once for one Pitstop run. */
    public static final String CREATED_TAG = "pitstop.mirror_created_us";
    // MLflow's limits on a param's value and a key's length.
    private static final int MAX_PARAM_VALUE = 6000;
    private static final int MAX_KEY = 250;

    private final MlflowClient client;
    private final MlflowSettings settings;
    private final Map<String, MlflowClient.RunInfo> opened = new HashMap<>();
    private final Map<String, String> experiments = new HashMap<>();

    public RunMirror(MlflowClient client, MlflowSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** The MLflow run of a Pitstop run, made (RUNNING, with the run's tags) when there is none yet. */
    public MlflowClient.RunInfo open(RunRecord run) throws IOException {
        MlflowClient.RunInfo known = opened.get(run.runId());
        if (known != null) return known;
        String experiment = experimentId(run.pipeline());
        MlflowClient.RunInfo info = oldest(experiment, run.runId()).orElse(null);
        if (info == null) {
            var tags = new TreeMap<String, String>();
            tags.put(RUN_TAG, run.runId());
            tags.put("pitstop.pipeline", run.pipeline());
            if (run.pipelineFile() != null) tags.put("mlflow.source.name", run.pipelineFile());
            if (run.gitCommit() != null) {
                tags.put("mlflow.source.git.commit", run.gitCommit());
                tags.put("pitstop.git_commit", run.gitCommit());
            }
            tags.put("pitstop.git_dirty", String.valueOf(run.gitDirty()));
            if (run.profile() != null) tags.put("pitstop.profile", run.profile());
            tags.put("mlflow.source.type", "JOB");
            tags.put(CREATED_TAG, String.valueOf(java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH,
                    java.time.Instant.now())));
            long start = run.startedAt() == null ? System.currentTimeMillis() : run.startedAt().toEpochMilli();
            info = keepOldest(experiment, run.runId(), client.createRun(experiment, run.runId(), start, tags));
        }
        opened.put(run.runId(), info);
        return info;
    }

    /**
     * Two Airflow tasks of one run can start together: both find no MLflow run and both make one. After making
     * its own, each searches again and keeps the oldest (start time, then {@link #CREATED_TAG}, then run id, so
     * both pick the same one); one that made a newer run deletes it. Only its own: the other may be logging.
     */
    private MlflowClient.RunInfo keepOldest(String experiment, String runId, MlflowClient.RunInfo mine) throws IOException {
        var found = new ArrayList<>(client.findRuns(experiment, RUN_TAG, runId));
        if (found.stream().noneMatch(f -> f.info().runId().equals(mine.runId()))) return mine;
        found.sort(OLDEST_FIRST);
        MlflowClient.RunInfo oldest = found.get(0).info();
        if (!oldest.runId().equals(mine.runId())) client.deleteRun(mine.runId());
        return oldest;
    }

    private static final java.util.Comparator<MlflowClient.FoundRun> OLDEST_FIRST =
            java.util.Comparator.comparingLong(MlflowClient.FoundRun::startMillis)
                    .thenComparingLong(f -> createdAt(f.tags()))
                    .thenComparing(f -> f.info().runId());

    private static long createdAt(Map<String, String> tags) {
        try {
            return Long.parseLong(tags.getOrDefault(CREATED_TAG, String.valueOf(Long.MAX_VALUE)));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The MLflow run already made for a Pitstop run, without making one. */
    public Optional<MlflowClient.RunInfo> find(RunRecord run) throws IOException {
        MlflowClient.RunInfo known = opened.get(run.runId());
        if (known != null) return Optional.of(known);
        return oldest(experimentId(run.pipeline()), run.runId());
    }

    private Optional<MlflowClient.RunInfo> oldest(String experiment, String runId) throws IOException {
        return client.findRuns(experiment, RUN_TAG, runId).stream().sorted(OLDEST_FIRST).findFirst()
                .map(MlflowClient.FoundRun::info);
    }

    /** Logs what the run store recorded of one step. */
    public void logStep(MlflowClient.RunInfo mlRun, StepRecord step, Path projectDir) throws IOException {
        if (step.status() == StepStatus.RUNNING || step.status() == StepStatus.SKIPPED) {
            client.logBatch(mlRun.runId(), Map.of(), List.of(), Map.of("pitstop.step." + key(step.stepId()),
                    status(step.status())));
            return;
        }
        String prefix = key(step.stepId());
        long at = step.endedAt() != null ? step.endedAt().toEpochMilli() : System.currentTimeMillis();

        var params = new TreeMap<String, String>();
        if (step.params() != null) flatten(prefix, step.params(), params);

        List<MlflowClient.Metric> metrics = new ArrayList<>();
        // A metric named like a curve (train's validation_auc: the kept epoch's) would be a stray point at
        // step 0 of the curve's chart: it goes beside it as model_<name>.
        step.metrics().forEach((k, v) -> metric(metrics, prefix + "/" + (step.curves().containsKey(k) ? "model_" : "")
                + key(k), v, at, 0));
        step.curves().forEach((k, points) -> {
            for (int i = 0; i < points.size(); i++) metric(metrics, prefix + "/" + key(k), points.get(i), at, i + 1);
        });
        step.reports().forEach((name, report) -> slices(prefix, report, at, metrics));

        var tags = new TreeMap<String, String>();
        tags.put("pitstop.step." + prefix, status(step.status()));
        String dataVersion = step.outputs().get(DataVersion.ARTIFACT.name());
        if (dataVersion != null) {
            Path file = local(projectDir, dataVersion);
            if (file != null && Files.isRegularFile(file)) {
                DataVersion v = DataVersion.ARTIFACT.read(file);
                tags.put("pitstop.data_version", v.md5());
                tags.put("pitstop.data_path", v.path());
            }
        }
        String modelVersion = step.outputs().get(PackageOutputs.MODEL_VERSION.name());
        if (modelVersion != null) tags.put("pitstop.model_version", modelVersion);
        client.logBatch(mlRun.runId(), params, metrics, tags);

        Path scratch = Files.createTempDirectory("pitstop-mlflow");
        try {
            for (var report : new TreeMap<>(step.reports()).entrySet()) {
                Path file = scratch.resolve(key(report.getKey()) + ".json");
                Files.writeString(file, Json.PRETTY.writeValueAsString(report.getValue()) + "\n");
                client.uploadArtifact(mlRun, "reports/" + prefix + "/" + file.getFileName(), file);
            }
        } finally {
            io.pitstop.engine.pkg.FileTree.delete(scratch);
        }
        Path log = step.logPath() == null ? null : local(projectDir, step.logPath());
        if (log != null && Files.isRegularFile(log)) client.uploadArtifact(mlRun, "logs/" + prefix + ".log", log);
        String pkg = step.outputs().get(PackageOutputs.PACKAGE.name());
        Path pkgDir = pkg == null ? null : local(projectDir, pkg);
        if (pkgDir != null && Files.isDirectory(pkgDir)) uploadTree(mlRun, pkgDir);
    }

    /** Ends the MLflow run as the Pitstop run ended; a run still RUNNING (between scheduler tasks) stays open. */
    public void end(MlflowClient.RunInfo mlRun, RunRecord run) throws IOException {
        if (run.status() == RunStatus.RUNNING) return;
        client.logBatch(mlRun.runId(), Map.of(), List.of(), Map.of("pitstop.status",
                run.status().name().toLowerCase(Locale.ROOT)));
        // A gate that released nothing is a run that did its job: FINISHED, its status in the tag.
        String status = switch (run.status()) {
            case SUCCEEDED, STOPPED -> "FINISHED";
            case FAILED, DIED -> "FAILED";
            case RUNNING -> "RUNNING";
        };
        long end = run.endedAt() != null ? run.endedAt().toEpochMilli() : System.currentTimeMillis();
        client.updateRun(mlRun.runId(), status, end);
    }

    /** Logs a whole recorded run (steps in the order they started) and ends it: the catch-up. */
    public MlflowClient.RunInfo replay(RunRecord run, List<StepRecord> steps, Path projectDir) throws IOException {
        MlflowClient.RunInfo mlRun = open(run);
        for (StepRecord step : steps) logStep(mlRun, step, projectDir);
        end(mlRun, run);
        return mlRun;
    }

    private String experimentId(String pipeline) throws IOException {
        String name = settings.experimentFor(pipeline);
        String id = experiments.get(name);
        if (id == null) {
            id = client.experimentId(name);
            experiments.put(name, id);
        }
        return id;
    }

    private void uploadTree(MlflowClient.RunInfo mlRun, Path root) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String relative = root.relativize(file).toString().replace('\\', '/');
            client.uploadArtifact(mlRun, PACKAGE_DIR + "/" + relative, file);
        }
    }

    /** Numbers of a report's {@code slices} table (column, value, metric), e.g. the evaluation's per contract type. */
    private static void slices(String prefix, JsonNode report, long at, List<MlflowClient.Metric> out) {
        JsonNode slices = report == null ? null : report.get("slices");
        if (slices == null || !slices.isObject()) return;
        for (var column = slices.fields(); column.hasNext(); ) {
            var c = column.next();
            if (!c.getValue().isObject()) continue;
            for (var value = c.getValue().fields(); value.hasNext(); ) {
                var v = value.next();
                if (!v.getValue().isObject()) continue;
                for (var metric = v.getValue().fields(); metric.hasNext(); ) {
                    var m = metric.next();
                    if (m.getValue().isNumber()) {
                        metric(out, prefix + "/slice/" + key(c.getKey()) + "/" + key(v.getKey()) + "/" + key(m.getKey()),
                                m.getValue().asDouble(), at, 0);
                    }
                }
            }
        }
    }

    private static void metric(List<MlflowClient.Metric> out, String key, Double value, long at, long step) {
        // JSON has no NaN: an undefined number (the AUC of a one-class slice) is left out, as metrics.json does.
        if (value != null && Double.isFinite(value)) out.add(new MlflowClient.Metric(key, value, at, step));
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject() && !node.isEmpty()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                flatten(prefix + "." + key(e.getKey()), e.getValue(), out);
            }
        } else if (!node.isNull() && !node.isMissingNode()) {
            String value = node.isValueNode() ? node.asText() : node.toString();
            if (value.length() > MAX_PARAM_VALUE) value = value.substring(0, MAX_PARAM_VALUE - 1) + "…";
            out.put(prefix.length() > MAX_KEY ? prefix.substring(0, MAX_KEY) : prefix, value);
        }
    }

    /** A key MLflow accepts: letters, digits, {@code _ - . / space}; anything else becomes {@code _}. */
    static String key(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-' || c == '.' || c == ' ' ? c : '_');
        }
        return out.toString();
    }

    private static String status(StepStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static Path local(Path projectDir, String location) {
        if (location.contains("://") || location.startsWith("file:")) {
            if (!location.startsWith("file:")) return null;
            return Path.of(java.net.URI.create(location));
        }
        Path p = Path.of(location);
        return p.isAbsolute() ? p : projectDir.resolve(p);
    }
}
