package io.pitstop.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.json.JsonText;
import io.pitstop.engine.lineage.CodeVersion;
import io.pitstop.engine.lineage.Environment;
import io.pitstop.engine.lineage.GitState;
import io.pitstop.engine.pkg.FileTree;
import io.pitstop.engine.registry.Registry;
import io.pitstop.engine.spec.BoundStep;
import io.pitstop.engine.spec.CheckedPipeline;
import io.pitstop.engine.step.Lineage;
import io.pitstop.engine.step.StepResult;
import io.pitstop.engine.step.Upstream;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.RunStatus;
import io.pitstop.engine.store.RunStore;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.store.StepStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a checked pipeline in this JVM, step by step in plan order, recording everything in the run
 * store. Before a step runs, its fingerprint is computed ({@link Fingerprint}); if an earlier
 * execution with that fingerprint succeeded and its outputs still exist, the step is CACHED and its
 * outputs reused. A failed or stopped step ends the run; {@link #resume} re-enters the same run,
 * keeping every step that already succeeded with unchanged inputs.
 */
public final class Runner {

    private final RunStore store;
    private final Registry registry;
    private final Profile profile;
    private final ResourcePool resources;
    private final ConsoleReporter console;
    private final Clock clock;
    /**
     * Steps (runId/stepId) that failed on a configuration error found while running (a contract or
     * parameter refused): their run exits 2, not 1. Read and cleared when the run's outcome is built.
     */
    private final java.util.Set<String> configurationFailures = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, String> origin;
    /** Where the code runs from; the profile's project keeps the state (see {@link #inWorkingCopy}). */
    private final Path workDir;

    public Runner(RunStore store, Registry registry, Profile profile, ResourcePool resources,
                  ConsoleReporter console, Clock clock) {
        this(store, registry, profile, resources, console, clock, Map.of(), profile.projectDir());
    }

    private Runner(RunStore store, Registry registry, Profile profile, ResourcePool resources,
                   ConsoleReporter console, Clock clock, Map<String, String> origin, Path workDir) {
        this.store = store;
        this.registry = registry;
        this.profile = profile;
        this.resources = resources;
        this.console = console;
        this.clock = clock;
        this.origin = Map.copyOf(origin);
        this.workDir = workDir.toAbsolutePath().normalize();
    }

    /**
     * This runner, recording where its runs came from (e.g. {@code trigger.tag}, {@code trigger.commit})
     * beside the environment in each run's record and lineage, so packages carry it too.
     */
    public Runner withOrigin(Map<String, String> origin) {
        return new Runner(store, registry, profile, resources, console, clock, origin, workDir);
    }

    /**
     * This runner, running the code of another working copy of the profile's project (a tag trigger's
     * clean checkout): pipelines, contracts and input data are read there and its Git state is the
     * run's lineage, while the state directory, run store, keys, packages and tables stay the project's.
     */
    public Runner inWorkingCopy(Path codeDir) {
        return new Runner(store, registry, profile, resources, console, clock, origin, codeDir);
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
        var spec = pipeline.spec();
        GitState git = gitState(pipeline);
        var lineage = new Lineage(run.runId(), spec.name(), run.pipelineFile(), spec.sha256(), git.commit(),
                git.dirty(), profile.name(), environment(), git.changes());
        BoundStep step = pipeline.step(stepId);
        Map<String, String> fingerprints = new HashMap<>();
        recorded.forEach((id, r) -> fingerprints.put(id, r.fingerprint()));
        var baseCtx = new RunStepContext(run.runId(), stepId, spec.name(), spec.model(), workDir, null,
                spec.seed(), upstreamOf(pipeline, stepId, recorded), resources, registry, profile, lineage,
                console.progressFor(stepId), org.slf4j.LoggerFactory.getLogger("pitstop.step." + stepId), clock, Map.of());
        store.updateRun(run.runId(), RunStatus.RUNNING, null, "running step '" + stepId + "'");
        StepRecord result;
        try {
            Fingerprint fp = fingerprint(pipeline, step, baseCtx, fingerprints);
            result = reuse(run.runId(), step, fp, recorded.get(stepId), baseCtx)
                    .orElseGet(() -> execute(run.runId(), step, fp, baseCtx));
        } catch (RuntimeException | Error e) {
            noteConfigurationError(run.runId(), stepId, e);
            result = record(run.runId(), step, StepStatus.FAILED, null, Map.of(), null, clock.instant(),
                    clock.instant(), describe(e), null, null);
            store.saveStep(result);
            console.stepFinished(stepId, StepStatus.FAILED, 0, result.message());
        }
        recorded.put(stepId, result);
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
        console.line("run " + run.runId() + " step " + stepId + ": " + result.status()
                + (status == RunStatus.SUCCEEDED ? " (run succeeded)" : ""));
        boolean invalid = configurationFailures.remove(run.runId() + "/" + stepId) && status == RunStatus.FAILED;
        return new RunOutcome(run.runId(), status == RunStatus.RUNNING ? RunStatus.SUCCEEDED : status,
                List.of(result), message, invalid);
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
                store.updateRun(run.runId(), RunStatus.FAILED, clock.instant(), "aborted: " + describe(e));
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private RunOutcome executeSteps(CheckedPipeline pipeline, RunRecord run, Map<String, StepRecord> previous) {
        var spec = pipeline.spec();
        // Lineage is read now, not taken from the run record: a resumed run may run on fixed code,
        // and whatever it builds must name the commit it was really built from.
        GitState git = gitState(pipeline);
        var lineage = new Lineage(run.runId(), spec.name(), run.pipelineFile(), spec.sha256(), git.commit(),
                git.dirty(), profile.name(), environment(), git.changes());
        Map<String, StepRecord> done = new LinkedHashMap<>();
        Map<String, String> fingerprints = new HashMap<>();
        String endedBy = null;
        RunStatus status = RunStatus.SUCCEEDED;

        for (String id : pipeline.plan().order()) {
            BoundStep step = pipeline.step(id);
            if (endedBy != null) {
                StepRecord skipped = record(run.runId(), step, StepStatus.SKIPPED, null, Map.of(), null,
                        clock.instant(), clock.instant(), "not run: the run ended at step '" + endedBy + "'", null, null);
                store.saveStep(skipped);
                done.put(id, skipped);
                console.stepFinished(id, StepStatus.SKIPPED, 0, "");
                continue;
            }
            Upstream upstream = upstreamOf(pipeline, id, done);
            var baseCtx = new RunStepContext(run.runId(), id, spec.name(), spec.model(), workDir, null,
                    spec.seed(), upstream, resources, registry, profile, lineage,
                    console.progressFor(id), org.slf4j.LoggerFactory.getLogger("pitstop.step." + id), clock, Map.of());

            StepRecord result;
            try {
                Fingerprint fp = fingerprint(pipeline, step, baseCtx, fingerprints);
                fingerprints.put(id, fp.value());
                result = reuse(run.runId(), step, fp, previous.get(id), baseCtx)
                        .orElseGet(() -> execute(run.runId(), step, fp, baseCtx));
            } catch (RuntimeException e) {
                // Fingerprinting reads external inputs (files, the registry); failing there is the step's failure.
                noteConfigurationError(run.runId(), id, e);
                result = record(run.runId(), step, StepStatus.FAILED, null, Map.of(), null, clock.instant(),
                        clock.instant(), describe(e), null, null);
                store.saveStep(result);
                console.stepFinished(id, StepStatus.FAILED, 0, result.message());
            }
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
        boolean invalid = endedBy != null && configurationFailures.remove(run.runId() + "/" + endedBy)
                && status == RunStatus.FAILED;
        console.line(switch (status) {
            case SUCCEEDED -> "run " + run.runId() + " succeeded";
            case STOPPED -> "run " + run.runId() + " stopped at '" + endedBy + "'; nothing was released";
            default -> invalid
                    ? "run " + run.runId() + " FAILED at '" + endedBy + "' on a configuration error (exit 2): fix the file"
                    + " named above, check it with ./pitstop check, and run again"
                    : "run " + run.runId() + " FAILED at '" + endedBy + "'. Fix the cause, then resume with:\n"
                    + "  ./pitstop resume " + run.runId();
        });
        return new RunOutcome(run.runId(), status, new ArrayList<>(done.values()), message, invalid);
    }

    /** A step already done in this run (resume) or in an earlier one (cache), with outputs still present. */
    private Optional<StepRecord> reuse(String runId, BoundStep step, Fingerprint fp, StepRecord previousInRun,
                                       RunStepContext ctx) {
        if (previousInRun != null && fp.value().equals(previousInRun.fingerprint())
                && (previousInRun.status() == StepStatus.SUCCEEDED || previousInRun.status() == StepStatus.CACHED)
                && outputsExist(previousInRun.outputs()) && outputsHold(step, previousInRun.outputs(), ctx)) {
            console.stepFinished(step.id(), previousInRun.status(), previousInRun.durationMillis(),
                    "done before the resume");
            return Optional.of(previousInRun);
        }
        return store.findByFingerprint(step.step().kind(), fp.value())
                .filter(hit -> outputsExist(hit.outputs()) && outputsHold(step, hit.outputs(), ctx))
                .map(hit -> {
                    Instant now = clock.instant();
                    StepRecord cached = new StepRecord(runId, step.id(), step.step().kind(), StepStatus.CACHED,
                            fp.value(), paramsJson(step), fp.inputs(), hit.outputs(), hit.metrics(), hit.curves(),
                            hit.reports(), hit.logPath(), now, now,
                            "inputs unchanged since run " + hit.runId(), hit.runId());
                    store.saveStep(cached);
                    console.stepFinished(step.id(), StepStatus.CACHED, 0, "inputs unchanged since run " + hit.runId());
                    return cached;
                });
    }

    private StepRecord execute(String runId, BoundStep step, Fingerprint fp, RunStepContext baseCtx) {
        Path outputDir = profile.stateDir().resolve("artifacts").resolve(baseCtx.pipelineName())
                .resolve(step.id()).resolve(fp.shortValue());
        Path logFile = profile.stateDir().resolve("runs").resolve(runId).resolve(step.id() + ".log");
        Instant started = clock.instant();
        console.stepStarted(step.id());
        store.saveStep(record(runId, step, StepStatus.RUNNING, fp, Map.of(), null, started, null, "", logFile, null));
        try (var log = new StepLogger(step.id(), logFile, clock, console)) {
            // A directory left by an execution that never succeeded is not trusted: start empty.
            FileTree.delete(outputDir);
            Files.createDirectories(outputDir);
            var resolved = new HashMap<String, String>();
            fp.inputs().forEach((k, v) -> {
                if (k.startsWith(EXTERNAL)) resolved.put(k.substring(EXTERNAL.length()), v);
            });
            var ctx = baseCtx.withOutputDir(outputDir, log, resolved);
            log.info("step {} ({}) fingerprint {}", step.id(), step.step().kind(), fp.value());
            StepResult result;
            try {
                result = step.run(ctx);
            } catch (Exception | LinkageError e) {
                log.error("step failed", e);
                noteConfigurationError(runId, step.id(), e);
                StepRecord failed = record(runId, step, StepStatus.FAILED, fp, Map.of(), null, started,
                        clock.instant(), describe(e) + " (log: " + logFile + ")", logFile, null);
                store.saveStep(failed);
                console.stepFinished(step.id(), StepStatus.FAILED, failed.durationMillis(), failed.message());
                return failed;
            }
            StepStatus status = switch (result.outcome()) {
                case SUCCEEDED -> StepStatus.SUCCEEDED;
                case FAILED -> StepStatus.FAILED;
                case STOPPED -> StepStatus.STOPPED;
            };
            String message = result.message();
            if (status == StepStatus.SUCCEEDED) {
                var missing = step.produces().stream().filter(o -> !result.outputs().containsKey(o)).sorted().toList();
                if (!missing.isEmpty()) {
                    status = StepStatus.FAILED;
                    message = "step kind '" + step.step().kind() + "' did not produce the outputs it promises: " + missing;
                }
            }
            log.info("step ended {}: {}", status, message);
            StepRecord done = new StepRecord(runId, step.id(), step.step().kind(), status, fp.value(),
                    paramsJson(step), fp.inputs(), result.outputs(), result.metrics(), result.curves(),
                    result.reports(), logFile.toString(), started, clock.instant(), message, null);
            store.saveStep(done);
            console.stepFinished(step.id(), status, done.durationMillis(), message);
            return done;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the output directory " + outputDir, e);
        }
    }

    private static final String EXTERNAL = "external.";

    private Fingerprint fingerprint(CheckedPipeline pipeline, BoundStep step, RunStepContext ctx,
                                    Map<String, String> fingerprints) {
        Map<String, String> inputs = new HashMap<>();
        inputs.put("kind", step.step().kind());
        inputs.put("code", CodeVersion.of(step.step().getClass()));
        inputs.put("engine", CodeVersion.of(Runner.class));
        inputs.put("runtime", CodeVersion.runtime());
        inputs.put("model", JsonText.sorted(Json.MAPPER.valueToTree(pipeline.spec().model())).toString());
        inputs.put("params", paramsJson(step).toString());
        inputs.put("seed", Long.toString(pipeline.spec().seed()));
        for (String need : step.spec().needs()) inputs.put("upstream." + need, fingerprints.get(need));
        try {
            step.externalInputs(ctx).forEach((k, v) -> inputs.put(EXTERNAL + k, v));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("step '" + step.id() + "': cannot read its inputs: " + e.getMessage(), e);
        }
        return Fingerprint.of(inputs);
    }

    private static Upstream upstreamOf(CheckedPipeline pipeline, String id, Map<String, StepRecord> done) {
        List<String> ancestors = pipeline.plan().ancestors().getOrDefault(id, List.of());
        return name -> ancestors.stream()
                .map(done::get)
                .filter(r -> r != null && r.outputs().containsKey(name))
                .map(r -> r.outputs().get(name))
                .findFirst();
    }

    private StepRecord record(String runId, BoundStep step, StepStatus status, Fingerprint fp,
                              Map<String, String> outputs, Map<String, Double> metrics, Instant started, Instant ended,
                              String message, Path logFile, String cachedFrom) {
        return new StepRecord(runId, step.id(), step.step().kind(), status, fp == null ? null : fp.value(),
                paramsJson(step), fp == null ? Map.of() : fp.inputs(), outputs, metrics, Map.of(), Map.of(),
                logFile == null ? null : logFile.toString(), started, ended, message, cachedFrom);
    }

    private static JsonNode paramsJson(BoundStep step) {
        return JsonText.sorted(Json.MAPPER.valueToTree(step.params()));
    }

    /** The step's own word on whether recorded outputs outside the artifact directory are still as it left them. */
    private static boolean outputsHold(BoundStep step, Map<String, String> outputs, RunStepContext ctx) {
        try {
            return step.cachedOutputsHold(outputs, ctx);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("step '" + step.id() + "': cannot check its earlier outputs: "
                    + e.getMessage(), e);
        }
    }

    /** Outputs that name files must still exist for a cached result to be reused. */
    private static boolean outputsExist(Map<String, String> outputs) {
        return outputs.values().stream()
                .filter(v -> v.startsWith("/"))
                .allMatch(v -> Files.exists(Path.of(v)));
    }

    private String relative(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(workDir) ? workDir.relativize(abs).toString() : abs.toString();
    }

    private static String toJson(Map<String, String> map) {
        return JsonText.compact(map);
    }

    /**
     * Remembers a step that failed on a refused file or parameter (a {@link io.pitstop.engine.spec.SpecException}
     * or an {@link io.pitstop.engine.step.InvalidParameterException} anywhere in the cause chain) rather
     * than on something broken, so its run exits 2.
     */
    private void noteConfigurationError(String runId, String stepId, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.pitstop.engine.spec.SpecException
                    || t instanceof io.pitstop.engine.step.InvalidParameterException) {
                configurationFailures.add(runId + "/" + stepId);
                return;
            }
        }
    }

    /** The message chain of an exception, outermost first, without repeating wrapped messages. */
    static String describe(Throwable e) {
        var parts = new ArrayList<String>();
        for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (parts.stream().noneMatch(p -> p.contains(m))) parts.add(m);
        }
        return String.join(": caused by: ", parts);
    }

    private static String abbreviate(String commit) {
        return commit.length() > 10 ? commit.substring(0, 10) : commit;
    }

}
