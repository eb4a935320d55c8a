package io.pitstop.engine.mlflow;

import io.pitstop.engine.conf.MlflowSettings;
import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.registry.Registry;
import io.pitstop.engine.run.ObservedStep;
import io.pitstop.engine.run.StepObserver;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.RunStore;
import io.pitstop.engine.store.StepRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Mirrors runs and releases into the MLflow tracking server a profile's {@code mlflow:} section
 * names: each step of a run as it ends ({@link RunMirror}), and the model's registered versions and
 * {@code champion} alias whenever a step changed the registry ({@link ReleaseMirror}).
 *
 * <p>A bystander, never a part of the outcome: Pitstop's registry is the authority. When the server
 * cannot be reached (or refuses), the run goes on with one warning per run, nothing else is tried for
 * that run in this process (a server that is down would slow every step), and the run and model are
 * recorded as behind ({@link MirrorBacklog}) for {@code ./pitstop mlflow sync} to catch up.
 *
 * <pre>
 * # conf/local.yaml
 * mlflow:
 *   tracking_uri: http://127.0.0.1:5000
 * </pre>
 */
public final class MlflowMirror implements StepObserver {

    static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** What every warning ends with: the way to catch up. */
    public static final String CATCH_UP = "the MLflow mirror is behind; ./pitstop mlflow sync catches it up";

    private final MlflowSettings settings;
    private final RunStore store;
    private final Registry registry;
    private final Path projectDir;
    private final Consumer<String> warnings;
    private final RunMirror runs;
    private final ReleaseMirror releases;
    private final MirrorBacklog backlog;
    /** MLflow runs opened by this process, by Pitstop run id. */
    private final Map<String, MlflowClient.RunInfo> opened = new HashMap<>();
    /** Pitstop runs this process gave up mirroring. */
    private final Set<String> failed = new LinkedHashSet<>();
    /** The registry as last mirrored (or first seen) in this process, by model. */
    private final Map<String, String> registrySeen = new HashMap<>();

    MlflowMirror(MlflowSettings settings, Profile profile, RunStore store, Registry registry, Consumer<String> warnings) {
        this.settings = settings;
        this.store = store;
        this.registry = registry;
        this.projectDir = profile.projectDir();
        this.warnings = warnings;
        MlflowClient client = new MlflowClient(settings.trackingUri(), TIMEOUT);
        this.runs = new RunMirror(client, settings);
        this.releases = new ReleaseMirror(client, runs, store, registry, projectDir);
        this.backlog = new MirrorBacklog(profile.stateDir());
    }

    /** The mirror the profile asks for; empty without an {@code mlflow:} section. */
    public static Optional<MlflowMirror> of(Profile profile, RunStore store, Registry registry, Consumer<String> warnings) {
        return MlflowSettings.of(profile).map(s -> new MlflowMirror(s, profile, store, registry, warnings));
    }

    /** As an observer of a runner: {@link StepObserver#NONE} without an {@code mlflow:} section. */
    public static StepObserver observer(Profile profile, RunStore store, Registry registry, Consumer<String> warnings) {
        return MlflowMirror.of(profile, store, registry, warnings).<StepObserver>map(m -> m).orElse(StepObserver.NONE);
    }

    public MlflowSettings settings() {
        return settings;
    }

    public MirrorBacklog backlog() {
        return backlog;
    }

    @Override
    public synchronized void started(ObservedStep step, Instant at) {
        registrySeen.computeIfAbsent(step.model(), m -> ReleaseMirror.snapshot(registry, m));
        // Opened at the first step, so the UI shows the run RUNNING while it trains.
        mirror(step.runId(), step.model(), mlRun -> {
        });
    }

    @Override
    public synchronized void finished(ObservedStep step, StepRecord record) {
        registrySeen.computeIfAbsent(step.model(), m -> ReleaseMirror.snapshot(registry, m));
        mirror(step.runId(), step.model(), mlRun -> runs.logStep(mlRun, record, projectDir));
        String now = ReleaseMirror.snapshot(registry, step.model());
        if (!now.equals(registrySeen.get(step.model())) && !failed.contains(step.runId())) {
            registrySeen.put(step.model(), now);
            syncModel(step.model(), "step '" + step.stepId() + "' of run " + step.runId());
        }
    }

    /** Ends the MLflow runs this process logged to, as the run store says the runs ended. */
    @Override
    public synchronized void close() {
        for (var e : opened.entrySet()) {
            if (failed.contains(e.getKey())) continue;
            RunRecord run = store.findRun(e.getKey()).orElse(null);
            if (run == null) continue;
            try {
                runs.end(e.getValue(), run);
            } catch (IOException | RuntimeException x) {
                warnFor(run.runId(), "run " + run.runId() + " not ended in MLflow", x);
            }
        }
    }

    /**
     * Mirrors a model's versions and alias after a command changed the registry outside a run
     * ({@code models rollback}); a failure is a warning and a backlog entry.
     */
    public void afterRegistryChange(String model, String what) {
        syncModel(model, what);
    }

    /** Replays a recorded run whole and clears its backlog entry; throws when the server cannot take it. */
    public MlflowClient.RunInfo catchUpRun(String runId) throws IOException {
        RunRecord run = store.findRun(runId).orElseThrow(() -> new IllegalArgumentException("no run " + runId
                + " in the run store"));
        MlflowClient.RunInfo mlRun = runs.replay(run, store.steps(runId), projectDir);
        backlog.clearRun(runId);
        return mlRun;
    }

    /** Reconciles a model and clears its backlog entry; throws when the server cannot take it. */
    public ReleaseMirror.Outcome catchUpModel(String model) throws IOException {
        ReleaseMirror.Outcome outcome = releases.sync(model);
        backlog.clearModel(model);
        return outcome;
    }

    @FunctionalInterface
    private interface RunWork {
        void on(MlflowClient.RunInfo mlRun) throws IOException;
    }

    private void mirror(String runId, String model, RunWork work) {
        if (failed.contains(runId)) return;
        try {
            MlflowClient.RunInfo mlRun = opened.get(runId);
            if (mlRun == null) {
                RunRecord run = store.findRun(runId).orElse(null);
                if (run == null) return;
                mlRun = runs.open(run);
                opened.put(runId, mlRun);
            }
            work.on(mlRun);
        } catch (IOException | RuntimeException e) {
            failed.add(runId);
            behind(() -> backlog.markModel(model, "run " + runId + " was not mirrored"));
            warnFor(runId, "run " + runId + " not mirrored", e);
        }
    }

    private void syncModel(String model, String what) {
        try {
            releases.sync(model);
        } catch (IOException | RuntimeException e) {
            behind(() -> backlog.markModel(model, describe(e)));
            warnings.accept("warning: MLflow at " + settings.trackingUri() + ": model '" + model + "' not mirrored after "
                    + what + ": " + describe(e) + "; " + CATCH_UP);
        }
    }

    private void warnFor(String runId, String what, Throwable e) {
        behind(() -> backlog.markRun(runId, describe(e)));
        warnings.accept("warning: MLflow at " + settings.trackingUri() + ": " + what + ": " + describe(e)
                + "; the run goes on without it; " + CATCH_UP);
    }

    /**
     * Notes in the backlog that the mirror is behind. A state directory that cannot be written must not fail
     * the step either (the mirror never fails a run): it is said, naming the path, and the step goes on.
     */
    private void behind(Runnable mark) {
        try {
            mark.run();
        } catch (RuntimeException e) {
            warnings.accept("warning: " + describe(e) + "; ./pitstop mlflow sync <run id> or <model> catches the"
                    + " mirror up by hand");
        }
    }

    private static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null && out.length() < 400; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (out.indexOf(m) >= 0) continue;
            if (!out.isEmpty()) out.append(": ");
            out.append(m);
        }
        return out.toString();
    }
}
