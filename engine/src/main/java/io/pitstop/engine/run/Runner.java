package io.pitstop.engine.run;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.lineage.Environment;
import io.pitstop.engine.lineage.GitState;
import io.pitstop.engine.registry.Registry;
import io.pitstop.engine.spec.BoundStep;
import io.pitstop.engine.spec.CheckedPipeline;
import io.pitstop.engine.step.Lineage;
import io.pitstop.engine.step.Upstream;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.ProcessOwner;
import io.pitstop.engine.store.RunStatus;
import io.pitstop.engine.store.RunStore;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.store.StepStatus;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a checked pipeline in this JVM, step by step in plan order, recording everything in the run
 * store. Before a step runs, its fingerprint is computed ({@link Fingerprint}); if an earlier
 * execution with that fingerprint succeeded and its outputs still exist, the step is CACHED and its
 * outputs reused. A failed or stopped step ends the run; {@link #resume} re-enters the same run,
 * keeping every step that already succeeded with unchanged inputs.
 *
 * <p>This class is the orchestration: the run record, the plan's order, the pipeline's lock, what
 * ends a run, the pipeline's {@link LockFile} and {@link #status}. What happens to one step
 * (fingerprint, cache, running it) is {@link StepExecution}.
 */
public final class Runner {

    private final RunStore store;
    private final Profile profile;
    private final ConsoleReporter console;
    private final Clock clock;
    private final Map<String, String> origin;
    /** Where the code runs from; the profile's project keeps the state (see {@link #inWorkingCopy}). */
    private final Path workDir;
    /** Fingerprinting, the cache lookup and running of each step. */
    private final StepExecution steps;
    /** Whether runs keep the pipeline's {@link LockFile}: not for a part of a pipeline with changed params. */
    private final boolean keepsLockFile;

    public Runner(RunStore store, Registry registry, Profile profile, ResourcePool resources,
                  ConsoleReporter console, Clock clock) {
        this(store, profile, console, clock, Map.of(), profile.projectDir(), true,
                new StepExecution(store, registry, profile, resources, console, clock,
                        profile.projectDir().toAbsolutePath().normalize()));
    }

    private Runner(RunStore store, Profile profile, ConsoleReporter console, Clock clock, Map<String, String> origin,
                   Path workDir, boolean keepsLockFile, StepExecution steps) {
        this.store = store;
        this.profile = profile;
        this.console = console;
        this.clock = clock;
        this.origin = Map.copyOf(origin);
        this.workDir = workDir.toAbsolutePath().normalize();
        this.keepsLockFile = keepsLockFile;
        this.steps = steps;
    }

    /**
     * This runner, recording where its runs came from (e.g. {@code trigger.tag}, {@code trigger.commit})
     * beside the environment in each run's record and lineage, so packages carry it too.
     */
    public Runner withOrigin(Map<String, String> origin) {
        return new Runner(store, profile, console, clock, origin, workDir, keepsLockFile, steps);
    }

    /**
     * This runner, running the code of another working copy of the profile's project (a tag trigger's
     * clean checkout): pipelines, contracts and input data are read there and its Git state is the
     * run's lineage, while the state directory, run store, keys, packages and tables stay the project's.
     */
    public Runner inWorkingCopy(Path codeDir) {
        Path dir = codeDir.toAbsolutePath().normalize();
        return new Runner(store, profile, console, clock, origin, dir, keepsLockFile, steps.in(dir));
    }

    /**
     * This runner, telling {@code observer} when each step starts and how it ended (lineage events):
     * see {@link StepObserver} for what it is told and what it may not do.
     */
    public Runner observedBy(StepObserver observer) {
        return new Runner(store, profile, console, clock, origin, workDir, keepsLockFile, steps.observedBy(observer));
    }

    /**
     * This runner, leaving the pipeline's lock file alone: for a run of part of a pipeline, or with
     * params other than the file's ({@code pitstop score --input}), whose steps do not stand for the
     * pipeline's state.
     */
    public Runner withoutLockFile() {
        return new Runner(store, profile, console, clock, origin, workDir, false, steps);
    }

    private Map<String, String> environment() {
        var env = new java.util.TreeMap<>(Environment.capture());
        env.putAll(origin);
        return env;
    }

    /** Starts a new run of the pipeline. */
    public RunOutcome run(CheckedPipeline pipeline) {
        String runId = store.newRunId();
        return run(pipeline, runId);
    }

    /** Starts a new run with a given id (a scheduler's run id, for instance). */
    public RunOutcome run(CheckedPipeline pipeline, String runId) {
        try (var lock = PipelineLock.acquire(profile.stateDir(), pipeline.spec().name(), runId)) {
            return start(pipeline, runId);
        }
    }

    private RunOutcome start(CheckedPipeline pipeline, String runId) {
        if (store.findRun(runId).isPresent()) {
            throw new IllegalArgumentException("a run with id '" + runId + "' already exists; use"
                    + " './pitstop resume " + runId + "' to continue it, or choose another id");
        }
        var spec = pipeline.spec();
        GitState git = gitState(pipeline);
        var record = newRecord(pipeline, runId, git);
        store.createRun(record);
        store.claimRun(runId, ProcessOwner.current());
        console.line("run " + runId + "  pipeline " + spec.name() + "  (" + pipeline.plan().order().size()
                + " steps, profile " + profile.name() + ", commit " + abbreviate(git.commit()) + dirtNote(git) + ")");
        return execute(pipeline, record, Map.of());
    }

    /** Continues a failed or stopped run from the step that did not succeed. */
    public RunOutcome resume(String runId, CheckedPipeline pipeline) {
        try (var lock = PipelineLock.acquire(profile.stateDir(), pipeline.spec().name(), runId)) {
            return continueRun(runId, pipeline);
        }
    }

    private RunOutcome continueRun(String runId, CheckedPipeline pipeline) {
        RunRecord record = store.findRun(runId)
                .orElseThrow(() -> new IllegalArgumentException("no run '" + runId + "' in the run store"));
        if (!record.pipeline().equals(pipeline.spec().name())) {
            throw new IllegalArgumentException("run " + runId + " ran pipeline '" + record.pipeline()
                    + "', not '" + pipeline.spec().name() + "'");
        }
        if (record.status() == RunStatus.SUCCEEDED) {
            throw new IllegalArgumentException("run " + runId + " succeeded; there is nothing to resume");
        }
        Map<String, StepRecord> previous = new HashMap<>();
        for (StepRecord s : store.steps(runId)) previous.put(s.stepId(), s);
        store.updateRun(runId, RunStatus.RUNNING, null, "resumed");
        store.claimRun(runId, ProcessOwner.current());
        console.line("resuming run " + runId + "  pipeline " + record.pipeline());
        return execute(pipeline, record, previous);
    }

    /**
     * Runs one step of a run in this process, as a scheduler task does ({@code pitstop step}): the run
     * record is created on first use of the id; the step's upstream outputs and fingerprints come
     * from the steps this run already recorded, so the step is fingerprinted and cached exactly as
     * in {@link #run}. A step this run already did with unchanged inputs is not run again (a retried
     * task is a no-op). A step whose upstream steps have not all succeeded in this run is refused.
     */
    public RunOutcome runStep(CheckedPipeline pipeline, String runId, String stepId) {
        return runStep(pipeline, runId, stepId, false);
    }

    /**
     * {@link #runStep(CheckedPipeline, String, String)}; with {@code whenUpstreamSkipped}, a step that consumes
     * nothing its upstream steps make also runs when some of them did not run in this run or stopped (a night
     * the scheduler skipped, a gate that said no): scoring new rows with the production model goes on. An
     * upstream step that failed or is still running refuses it all the same, and so does a skipped upstream step
     * outside the retrain/release chain ({@link io.pitstop.engine.plan.RetrainChain}): without its data step this
     * step would read the last run's data.
     */
    public RunOutcome runStep(CheckedPipeline pipeline, String runId, String stepId, boolean whenUpstreamSkipped) {
        if (!pipeline.plan().order().contains(stepId)) {
            throw new IllegalArgumentException("pipeline '" + pipeline.spec().name() + "' has no step '" + stepId
                    + "' (steps: " + String.join(", ", pipeline.plan().order()) + ")");
        }
        try (var lock = PipelineLock.acquire(profile.stateDir(), pipeline.spec().name(), runId)) {
            RunRecord run = store.findRun(runId).orElse(null);
            if (run == null) {
                GitState git = gitState(pipeline);
                run = newRecord(pipeline, runId, git);
                store.createRun(run);
                console.line("run " + runId + "  pipeline " + run.pipeline() + "  (created by step " + stepId
                        + ", commit " + abbreviate(git.commit()) + dirtNote(git) + ")");
            } else if (!run.pipeline().equals(pipeline.spec().name())) {
                throw new IllegalArgumentException("run " + runId + " ran pipeline '" + run.pipeline()
                        + "', not '" + pipeline.spec().name() + "'");
            } else if (!run.specSha256().equals(pipeline.spec().sha256())) {
                throw new IllegalArgumentException("run " + runId + " started from another version of "
                        + run.pipelineFile() + " (sha256 " + abbreviate(run.specSha256()) + ", now "
                        + abbreviate(pipeline.spec().sha256()) + "); start a new run id");
            }
            Map<String, StepRecord> recorded = new LinkedHashMap<>();
            for (StepRecord s : store.steps(runId)) recorded.put(s.stepId(), s);
            List<String> notDone = pipeline.plan().ancestors().getOrDefault(stepId, List.of()).stream()
                    .filter(a -> !succeeded(recorded.get(a))).sorted().toList();
            if (whenUpstreamSkipped && !notDone.isEmpty()) {
                java.util.Set<String> consumed = pipeline.step(stepId).consumes();
                if (!consumed.isEmpty()) {
                    throw new IllegalArgumentException("step '" + stepId + "' consumes " + new java.util.TreeSet<>(consumed)
                            + " from its upstream steps, so it cannot run without them (--when-upstream-skipped is for"
                            + " steps that only run after theirs)");
                }
                List<String> skipped = notDone.stream().filter(a -> !recorded.containsKey(a)
                        || recorded.get(a).status() == StepStatus.STOPPED || recorded.get(a).status() == StepStatus.SKIPPED)
                        .toList();
                List<String> skippedData = io.pitstop.engine.plan.RetrainChain.outside(pipeline.spec(), skipped);
                if (!skippedData.isEmpty()) {
                    throw new IllegalArgumentException("step '" + stepId + "' of run " + runId + " cannot run without "
                            + skippedData.stream().map(a -> "'" + a + "' (" + pipeline.spec().step(a).orElseThrow().uses()
                            + ", " + (recorded.containsKey(a) ? recorded.get(a).status() : "not run") + ")")
                            .collect(java.util.stream.Collectors.joining(", "))
                            + ": a skipped data step leaves the last run's data where this step reads it"
                            + " (--when-upstream-skipped only runs past skipped train, evaluate and release steps)");
                }
                if (skipped.size() == notDone.size()) {
                    console.line("step " + stepId + " runs without " + String.join(", ", skipped) + " (not run or"
                            + " stopped in run " + runId + "): it consumes nothing from them");
                    notDone = List.of();
                } else {
                    notDone = notDone.stream().filter(a -> !skipped.contains(a)).toList();
                }
            }
            if (!notDone.isEmpty()) {
                throw new UpstreamNotDoneException("step '" + stepId + "' of run " + runId + " needs "
                        + notDone.stream().map(a -> "'" + a + "' (" + (recorded.containsKey(a)
                        ? recorded.get(a).status() : "not run") + ")").collect(java.util.stream.Collectors.joining(", "))
                        + " to have succeeded first");
            }
            return executeOne(pipeline, run, stepId, recorded);
        }
    }

    private RunOutcome executeOne(CheckedPipeline pipeline, RunRecord run, String stepId,
                                  Map<String, StepRecord> recorded) {
        var lineage = lineage(pipeline, run);
        BoundStep step = pipeline.step(stepId);
        Map<String, String> fingerprints = new HashMap<>();
        recorded.forEach((id, r) -> fingerprints.put(id, r.fingerprint()));
        var baseCtx = steps.context(run.runId(), pipeline, stepId, upstreamOf(pipeline, stepId, recorded), lineage);
        store.updateRun(run.runId(), RunStatus.RUNNING, null, "running step '" + stepId + "'");
        store.claimRun(run.runId(), ProcessOwner.current());
        StepRecord result;
        try {
            result = steps.perform(run.runId(), pipeline, step, baseCtx, fingerprints, recorded.get(stepId));
        } catch (Error e) {
            result = steps.failed(run.runId(), step, e, steps.observed(run.runId(), pipeline, step, baseCtx));
        }
        recorded.put(stepId, result);
        keepLockFile(pipeline, result);
        RunStatus status;
        String message;
        Instant ended = clock.instant();
        if (result.status() == StepStatus.FAILED) {
            status = RunStatus.FAILED;
            message = "failed at step '" + stepId + "': " + result.message();
        } else if (result.status() == StepStatus.STOPPED) {
            status = RunStatus.STOPPED;
            message = "stopped at step '" + stepId + "': " + result.message();
        } else if (pipeline.plan().order().stream().allMatch(id -> succeeded(recorded.get(id)))) {
            status = RunStatus.SUCCEEDED;
            message = "all " + pipeline.plan().order().size() + " steps done";
        } else {
            status = RunStatus.RUNNING;
            message = "step '" + stepId + "' done";
            ended = null;
        }
        store.updateRun(run.runId(), status, ended, message);
        // Between a scheduler's step tasks no process holds the run: it is waiting, not dead.
        if (status == RunStatus.RUNNING) store.claimRun(run.runId(), null);
        console.line("run " + run.runId() + " step " + stepId + ": " + result.status()
                + (status == RunStatus.SUCCEEDED ? " (run succeeded)" : ""));
        boolean invalid = steps.failedOnConfiguration(run.runId(), stepId) && status == RunStatus.FAILED;
        boolean changed = steps.failedOnProductionChange(run.runId(), stepId) && status == RunStatus.FAILED;
        return new RunOutcome(run.runId(), status == RunStatus.RUNNING ? RunStatus.SUCCEEDED : status,
                List.of(result), message, invalid, changed);
    }

    /**
     * What the run's steps record as their origin. Read now, not taken from the run record: a resumed
     * run may run on fixed code, and whatever it builds must name the commit it was really built from.
     */
    private Lineage lineage(CheckedPipeline pipeline, RunRecord run) {
        return lineage(pipeline, run.runId(), run.pipelineFile());
    }

    private Lineage lineage(CheckedPipeline pipeline, String runId, String pipelineFile) {
        var spec = pipeline.spec();
        GitState git = gitState(pipeline);
        return new Lineage(runId, spec.name(), pipelineFile, spec.sha256(), git.commit(),
                git.dirty(), profile.name(), environment(), git.changes());
    }

    /**
     * Whether each step would run now, and why ({@link PipelineStatus}), compared with the pipeline's
     * lock file or, without one, the run store. Runs no step and records nothing; it reads what the
     * steps' external inputs read (input files, the registry).
     */
    public PipelineStatus status(CheckedPipeline pipeline) {
        var spec = pipeline.spec();
        var lock = LockFile.read(spec.file(), profile.projectDir()).filter(l -> l.pipeline().equals(spec.name()));
        var recorded = lock.map(LockFile::steps).orElseGet(() -> PipelineStatus.recorded(pipeline, store, 1000));
        var lineage = lineage(pipeline, "status", relative(spec.file()));
        return new PipelineStatus(spec.name(), lock.isPresent() ? "lock_file" : "run_store",
                PipelineStatus.check(pipeline, recorded, store, steps, lineage));
    }

    /**
     * Sets a step that succeeded (or was cached) in the pipeline's lock file, beside the pipeline file
     * in the working copy that runs (a trigger's checkout keeps its own). A lock file that cannot be
     * written (a read-only checkout) costs a warning, not the run.
     */
    private void keepLockFile(CheckedPipeline pipeline, StepRecord result) {
        if (!keepsLockFile || !succeeded(result)) return;
        var spec = pipeline.spec();
        try {
            LockFile.record(spec.file(), relative(spec.file()), spec.name(), pipeline.plan().order(), result,
                    profile.projectDir());
        } catch (java.io.UncheckedIOException e) {
            console.line("warning: " + e.getMessage() + "; the run goes on without it");
        }
    }

    private static boolean succeeded(StepRecord r) {
        return r != null && (r.status() == StepStatus.SUCCEEDED || r.status() == StepStatus.CACHED);
    }

    private RunRecord newRecord(CheckedPipeline pipeline, String runId, GitState git) {
        var spec = pipeline.spec();
        return new RunRecord(runId, spec.name(), relative(spec.file()), spec.sha256(), spec.text(),
                git.commit(), git.dirty(), profile.name(), RunStatus.RUNNING, clock.instant(), null, "",
                toJson(environment()), git.changes());
    }

    /**
     * The Git state of the working copy the code runs from, judging the files this run reads as they
     * are: the pipeline file and what each step lists ({@link BoundStep#filesRead()}).
     */
    private GitState gitState(CheckedPipeline pipeline) {
        List<Path> reads = new ArrayList<>();
        reads.add(pipeline.spec().file().toAbsolutePath());
        for (String id : pipeline.plan().order()) {
            for (String file : pipeline.step(id).filesRead()) {
                if (!io.pitstop.engine.conf.StoragePath.isUri(file)) reads.add(Path.of(file));
            }
        }
        return GitState.of(workDir, reads);
    }

    /** {@code +uncommitted changes: modified a; untracked b} for a dirty copy, nothing for a clean one. */
    private static String dirtNote(GitState git) {
        if (!git.dirty()) return "";
        String changes = git.describeChanges();
        return " +uncommitted changes" + (changes.isEmpty() ? "" : ": " + changes);
    }

    /** {@link #runStep} was asked for a step before the steps it needs succeeded in that run. */
    public static final class UpstreamNotDoneException extends IllegalStateException {
        UpstreamNotDoneException(String message) {
            super(message);
        }
    }

    /**
     * Runs the steps; whatever escapes (an Error, the store failing while recording a failure) still
     * ends the run as FAILED, so no run stays RUNNING forever.
     */
    private RunOutcome execute(CheckedPipeline pipeline, RunRecord run, Map<String, StepRecord> previous) {
        try {
            return executeSteps(pipeline, run, previous);
        } catch (RuntimeException | Error e) {
            try {
                store.updateRun(run.runId(), RunStatus.FAILED, clock.instant(), "aborted: " + StepExecution.describe(e));
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private RunOutcome executeSteps(CheckedPipeline pipeline, RunRecord run, Map<String, StepRecord> previous) {
        var lineage = lineage(pipeline, run);
        Map<String, StepRecord> done = new LinkedHashMap<>();
        Map<String, String> fingerprints = new HashMap<>();
        String endedBy = null;
        RunStatus status = RunStatus.SUCCEEDED;

        for (String id : pipeline.plan().order()) {
            BoundStep step = pipeline.step(id);
            if (endedBy != null) {
                done.put(id, steps.skipped(run.runId(), step, endedBy));
                continue;
            }
            var baseCtx = steps.context(run.runId(), pipeline, id, upstreamOf(pipeline, id, done), lineage);
            StepRecord result = steps.perform(run.runId(), pipeline, step, baseCtx, fingerprints, previous.get(id));
            keepLockFile(pipeline, result);
            done.put(id, result);
            if (result.status() == StepStatus.FAILED || result.status() == StepStatus.STOPPED) {
                endedBy = id;
                status = result.status() == StepStatus.FAILED ? RunStatus.FAILED : RunStatus.STOPPED;
            }
        }

        String message = switch (status) {
            case SUCCEEDED -> "all " + done.size() + " steps done";
            case STOPPED -> "stopped at step '" + endedBy + "': " + done.get(endedBy).message();
            default -> "failed at step '" + endedBy + "': " + done.get(endedBy).message();
        };
        store.updateRun(run.runId(), status, clock.instant(), message);
        boolean invalid = endedBy != null && steps.failedOnConfiguration(run.runId(), endedBy)
                && status == RunStatus.FAILED;
        boolean changed = endedBy != null && steps.failedOnProductionChange(run.runId(), endedBy)
                && status == RunStatus.FAILED;
        console.line(switch (status) {
            case SUCCEEDED -> "run " + run.runId() + " succeeded";
            case STOPPED -> "run " + run.runId() + " stopped at '" + endedBy + "'; nothing was released";
            default -> changed
                    ? "run " + run.runId() + " FAILED at '" + endedBy + "': production changed since the gate ran (exit 4); "
                    + "nothing was released. Run the pipeline again to gate against the new champion"
                    : invalid
                    ? "run " + run.runId() + " FAILED at '" + endedBy + "' on a configuration error (exit 2): fix the file"
                    + " named above, check it with ./pitstop check, and run again"
                    : "run " + run.runId() + " FAILED at '" + endedBy + "'. Fix the cause, then resume with:\n"
                    + "  ./pitstop resume " + run.runId();
        });
        return new RunOutcome(run.runId(), status, new ArrayList<>(done.values()), message, invalid, changed);
    }

    private static Upstream upstreamOf(CheckedPipeline pipeline, String id, Map<String, StepRecord> done) {
        List<String> ancestors = pipeline.plan().ancestors().getOrDefault(id, List.of());
        return name -> ancestors.stream()
                .map(done::get)
                .filter(r -> r != null && r.outputs().containsKey(name))
                .map(r -> r.outputs().get(name))
                .findFirst();
    }

    private String relative(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(workDir) ? workDir.relativize(abs).toString() : abs.toString();
    }

    private static String toJson(Map<String, String> map) {
        return io.pitstop.engine.json.JsonText.compact(new java.util.TreeMap<>(map));
    }

    private static String abbreviate(String commit) {
        return commit.length() > 10 ? commit.substring(0, 10) : commit;
    }
}
