package io.pitstop.engine.run;

import io.pitstop.engine.json.Json;
import io.pitstop.engine.json.JsonText;
import io.pitstop.engine.pkg.FileTree;
import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.lineage.CodeVersion;
import io.pitstop.engine.registry.Registry;
import io.pitstop.engine.spec.BoundStep;
import io.pitstop.engine.spec.CheckedPipeline;
import io.pitstop.engine.step.Lineage;
import io.pitstop.engine.step.StepResult;
import io.pitstop.engine.step.Upstream;
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
import java.util.Map;
import java.util.Optional;

/**
 * The execution of one step, whichever entry point asked for it ({@link Runner#run}, {@link Runner#resume},
 * {@link Runner#runStep}): its fingerprint, the cache lookup, running it in its output directory and
 * recording the outcome in the run store. {@link Runner} decides which steps, in what order, under
 * which run; {@link PipelineStatus} uses the fingerprint and cache checks without running anything.
 */
final class StepExecution {

    /** The prefix of a fingerprint component read by {@link BoundStep#externalInputs}. */
    static final String EXTERNAL = "external.";
    /** The prefix of a fingerprint component naming an upstream step's fingerprint. */
    static final String UPSTREAM = "upstream.";
    private static final String NOT_RUN = "not run";

    private final RunStore store;
    private final Registry registry;
    private final Profile profile;
    private final ResourcePool resources;
    private final ConsoleReporter console;
    private final Clock clock;
    private final Path workDir;
    /** Told of each step's start and end, after the run store ({@link Runner#observedBy}). */
    private final StepObserver observer;
    /**
     * Steps (runId/stepId) that failed on a configuration error found while running (a contract or
     * parameter refused): their run exits 2, not 1. Read and cleared when the run's outcome is built.
     */
    private final java.util.Set<String> configurationFailures = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> productionConflicts = java.util.concurrent.ConcurrentHashMap.newKeySet();

    StepExecution(RunStore store, Registry registry, Profile profile, ResourcePool resources,
                  ConsoleReporter console, Clock clock, Path workDir) {
        this(store, registry, profile, resources, console, clock, workDir, StepObserver.NONE);
    }

    private StepExecution(RunStore store, Registry registry, Profile profile, ResourcePool resources,
                          ConsoleReporter console, Clock clock, Path workDir, StepObserver observer) {
        this.store = store;
        this.registry = registry;
        this.profile = profile;
        this.resources = resources;
        this.console = console;
        this.clock = clock;
        this.workDir = workDir;
        this.observer = observer;
    }

    /** The same, for code run from another working copy ({@link Runner#inWorkingCopy}). */
    StepExecution in(Path otherWorkDir) {
        return new StepExecution(store, registry, profile, resources, console, clock, otherWorkDir, observer);
    }

    /** The same, telling {@code newObserver} of each step's start and end. */
    StepExecution observedBy(StepObserver newObserver) {
        return new StepExecution(store, registry, profile, resources, console, clock, workDir, newObserver);
    }

    /**
     * The step as an observer sees it: the upstream outputs it consumes that its ancestors recorded,
     * and the files it reads, resolved in the working copy that runs.
     */
    ObservedStep observed(String runId, CheckedPipeline pipeline, BoundStep step, RunStepContext ctx) {
        var consumed = new java.util.TreeMap<String, String>();
        for (String name : step.consumes()) ctx.upstream().find(name).ifPresent(v -> consumed.put(name, v));
        var files = step.filesRead().stream().sorted()
                .map(f -> io.pitstop.engine.conf.StoragePath.resolve(workDir, f)).toList();
        return new ObservedStep(runId, pipeline.spec().name(), pipeline.spec().model().name(), step.id(), step.step().kind(), consumed, files,
                profile.projectDir());
    }

    /** The context a step of a run sees before it has an output directory (fingerprinting, the cache check). */
    RunStepContext context(String runId, CheckedPipeline pipeline, String stepId, Upstream upstream, Lineage lineage) {
        var spec = pipeline.spec();
        return new RunStepContext(runId, stepId, spec.name(), spec.model(), workDir, null,
                spec.seed(), upstream, resources, registry, profile, lineage,
                console.progressFor(stepId), org.slf4j.LoggerFactory.getLogger("pitstop.step." + stepId), clock, Map.of());
    }

    /**
     * Fingerprints the step, then reuses an earlier result (this run's, before a resume, or any run's
     * with the same fingerprint) or runs it. Fingerprinting reads external inputs (files, the
     * registry); failing there is the step's failure.
     *
     * @param fingerprints the fingerprints of the steps done so far, by id; the step's own is added
     */
    StepRecord perform(String runId, CheckedPipeline pipeline, BoundStep step, RunStepContext ctx,
                       Map<String, String> fingerprints, StepRecord previousInRun) {
        ObservedStep seen = observed(runId, pipeline, step, ctx);
        StepRecord result;
        try {
            Fingerprint fp = fingerprint(pipeline, step, ctx, fingerprints);
            fingerprints.put(step.id(), fp.value());
            result = reuse(runId, step, fp, previousInRun, ctx).orElseGet(() -> execute(runId, step, fp, ctx, seen));
        } catch (RuntimeException e) {
            return failed(runId, step, e, seen);
        }
        // A step done before a resume was observed by the run that did it.
        if (result != previousInRun) tell(() -> observer.finished(seen, result));
        return result;
    }

    /**
     * Records a step that failed before it could run (its fingerprint could not be computed).
     *
     * @param seen the step as observers see it; they are told it failed
     */
    StepRecord failed(String runId, BoundStep step, Throwable e, ObservedStep seen) {
        noteConfigurationError(runId, step.id(), e);
        StepRecord result = record(runId, step, StepStatus.FAILED, null, Map.of(), clock.instant(),
                clock.instant(), describe(e), null);
        store.saveStep(result);
        console.stepFinished(step.id(), StepStatus.FAILED, 0, result.message());
        tell(() -> observer.finished(seen, result));
        return result;
    }

    /** An observer is a bystander: whatever it throws is a warning, never the step's outcome. */
    private void tell(Runnable notice) {
        try {
            notice.run();
        } catch (RuntimeException e) {
            console.line("warning: a step observer failed: " + describe(e) + "; the run goes on");
        }
    }

    /** Records a step not run because the run ended before it. */
    StepRecord skipped(String runId, BoundStep step, String endedBy) {
        StepRecord skipped = record(runId, step, StepStatus.SKIPPED, null, Map.of(), clock.instant(),
                clock.instant(), "not run: the run ended at step '" + endedBy + "'", null);
        store.saveStep(skipped);
        console.stepFinished(step.id(), StepStatus.SKIPPED, 0, "");
        return skipped;
    }

    /** Whether the step was refused because production changed under it (exit 4); forgets it. */
    boolean failedOnProductionChange(String runId, String stepId) {
        return productionConflicts.remove(runId + "/" + stepId);
    }

    /** Whether the step failed on a refused file or parameter (exit 2); forgets it. */
    boolean failedOnConfiguration(String runId, String stepId) {
        return configurationFailures.remove(runId + "/" + stepId);
    }

    /** A step already done in this run (resume) or in an earlier one (cache), with outputs still present. */
    private Optional<StepRecord> reuse(String runId, BoundStep step, Fingerprint fp, StepRecord previousInRun,
                                       RunStepContext ctx) {
        if (previousInRun != null && fp.value().equals(previousInRun.fingerprint())
                && (previousInRun.status() == StepStatus.SUCCEEDED || previousInRun.status() == StepStatus.CACHED)
                && outputsStillHold(step, previousInRun.outputs(), ctx)) {
            console.stepFinished(step.id(), previousInRun.status(), previousInRun.durationMillis(),
                    "done before the resume");
            return Optional.of(previousInRun);
        }
        return store.findByFingerprint(step.step().kind(), fp.value())
                .filter(hit -> outputsStillHold(step, hit.outputs(), ctx))
                .map(hit -> {
                    Instant now = clock.instant();
                    StepResult present = cachedResult(step, hit.outputs(), ctx);
                    StepStatus status = switch (present.outcome()) {
                        case SUCCEEDED -> StepStatus.CACHED;
                        case FAILED -> StepStatus.FAILED;
                        case STOPPED -> StepStatus.STOPPED;
                    };
                    String message = "inputs unchanged since run " + hit.runId()
                            + (present.message().isBlank() ? "" : "; " + present.message());
                    StepRecord cached = new StepRecord(runId, step.id(), step.step().kind(), status,
                            fp.value(), paramsJson(step), fp.inputs(), present.outputs(), hit.metrics(), hit.curves(),
                            hit.reports(), hit.logPath(), now, now, message, hit.runId());
                    store.saveStep(cached);
                    console.stepFinished(step.id(), status, 0, message);
                    return cached;
                });
    }

    /** The step's own account of a reused result in this run ({@link io.pitstop.engine.step.Step#cachedResult}). */
    private static StepResult cachedResult(BoundStep step, Map<String, String> outputs, RunStepContext ctx) {
        return ask(step, "cannot describe its cached result", () -> step.cachedResult(outputs, ctx));
    }

    /** A call into a step kind's code that may throw a checked exception. */
    @FunctionalInterface
    private interface StepCall<T> {
        T call() throws Exception;
    }

    /** Calls into the step kind; a checked exception becomes one that names the step and what was being done. */
    private static <T> T ask(BoundStep step, String doing, StepCall<T> call) {
        try {
            return call.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("step '" + step.id() + "': " + doing + ": " + e.getMessage(), e);
        }
    }

    private StepRecord execute(String runId, BoundStep step, Fingerprint fp, RunStepContext baseCtx, ObservedStep seen) {
        Path outputDir = profile.stateDir().resolve("artifacts").resolve(baseCtx.pipelineName())
                .resolve(step.id()).resolve(fp.shortValue());
        Path logFile = profile.stateDir().resolve("runs").resolve(runId).resolve(step.id() + ".log");
        Instant started = clock.instant();
        console.stepStarted(step.id());
        store.saveStep(record(runId, step, StepStatus.RUNNING, fp, Map.of(), started, null, "", logFile));
        tell(() -> observer.started(seen, started));
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
                StepRecord failed = record(runId, step, StepStatus.FAILED, fp, Map.of(), started,
                        clock.instant(), describe(e) + " (log: " + logFile + ")", logFile);
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

    /**
     * The step's cache key from its components: kind, the code of its kind and of the engine context
     * it runs in ({@link CodeVersion}), the libraries, model, params, seed, the fingerprints of the
     * steps it needs and its external inputs.
     *
     * @param fingerprints the fingerprints of the steps it needs, by id
     */
    Fingerprint fingerprint(CheckedPipeline pipeline, BoundStep step, RunStepContext ctx,
                            Map<String, String> fingerprints) {
        Map<String, String> inputs = ownComponents(pipeline, step);
        // A step needed but not run in this run (pitstop step --when-upstream-skipped) has no fingerprint.
        for (String need : step.spec().needs()) inputs.put(UPSTREAM + need, fingerprints.getOrDefault(need, NOT_RUN));
        ask(step, "cannot read its inputs", () -> step.externalInputs(ctx)).forEach((k, v) -> inputs.put(EXTERNAL + k, v));
        return Fingerprint.of(inputs);
    }

    /** The components of a step's fingerprint that it has of its own, without reading anything: no upstream, no external input. */
    Map<String, String> ownComponents(CheckedPipeline pipeline, BoundStep step) {
        Map<String, String> inputs = new HashMap<>();
        inputs.put("kind", step.step().kind());
        inputs.put("code", CodeVersion.of(step.step().getClass()));
        // The engine classes a step reaches through its context (the registry, the profile, the pool).
        inputs.put("engine", CodeVersion.of(RunStepContext.class));
        resourcesVersion(step.step().getClass(), resources.providers()).ifPresent(v -> inputs.put("resources", v));
        inputs.put("runtime", CodeVersion.runtime());
        inputs.put("model", JsonText.sorted(Json.MAPPER.valueToTree(pipeline.spec().model())).toString());
        inputs.put("params", paramsJson(step).toString());
        inputs.put("seed", Long.toString(pipeline.spec().seed()));
        return inputs;
    }

    /**
     * The code of the shared resources a step kind can be handed ({@link io.pitstop.engine.step.StepContext#resource}):
     * found by {@link java.util.ServiceLoader}, so not in the kind's own closure, yet the session
     * they open (its settings) is part of what the step computes with. A provider counts when the
     * kind's code names the type it provides, as {@code ctx.resource(SparkSession.class)} does.
     *
     * @return empty when the kind names no provided type
     */
    static java.util.Optional<String> resourcesVersion(Class<?> kind, Map<Class<?>, Class<?>> providers) {
        var references = CodeVersion.closure(kind).references();
        var used = new java.util.TreeMap<String, String>();
        providers.forEach((type, provider) -> {
            if (references.contains(type.getName())) used.put(type.getName(), CodeVersion.of(provider));
        });
        return used.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(
                io.pitstop.engine.pkg.Sha256.of(used.toString()));
    }

    /** The outputs of an earlier execution exist and, by the step's own word, still describe the world. */
    static boolean outputsStillHold(BoundStep step, Map<String, String> outputs, RunStepContext ctx) {
        return outputsExist(outputs) && outputsHold(step, outputs, ctx);
    }

    private StepRecord record(String runId, BoundStep step, StepStatus status, Fingerprint fp,
                              Map<String, String> outputs, Instant started, Instant ended,
                              String message, Path logFile) {
        return new StepRecord(runId, step.id(), step.step().kind(), status, fp == null ? null : fp.value(),
                paramsJson(step), fp == null ? Map.of() : fp.inputs(), outputs, null, Map.of(), Map.of(),
                logFile == null ? null : logFile.toString(), started, ended, message, null);
    }

    static JsonNode paramsJson(BoundStep step) {
        return JsonText.sorted(Json.MAPPER.valueToTree(step.params()));
    }

    /** The step's own word on whether recorded outputs outside the artifact directory are still as it left them. */
    private static boolean outputsHold(BoundStep step, Map<String, String> outputs, RunStepContext ctx) {
        return ask(step, "cannot check its earlier outputs", () -> step.cachedOutputsHold(outputs, ctx));
    }

    /** Outputs that name files must still exist for a cached result to be reused. */
    private static boolean outputsExist(Map<String, String> outputs) {
        return outputs.values().stream()
                .filter(v -> v.startsWith("/"))
                .allMatch(v -> Files.exists(Path.of(v)));
    }

    /**
     * Remembers a step that failed on a refused file or parameter (a {@link io.pitstop.engine.spec.SpecException}
     * or an {@link io.pitstop.engine.step.InvalidParameterException} anywhere in the cause chain) rather
     * than on something broken, so its run exits 2.
     */
    private void noteConfigurationError(String runId, String stepId, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.pitstop.engine.registry.ProductionChangedException) {
                // A compare-and-set lost (the champion moved since the gate ran): not broken, not a bad file.
                productionConflicts.add(runId + "/" + stepId);
                return;
            }
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

}
