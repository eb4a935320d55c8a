package io.pitstop.engine.run;

import io.pitstop.engine.run.LockFile.LockedStep;
import io.pitstop.engine.spec.BoundStep;
import io.pitstop.engine.spec.CheckedPipeline;
import io.pitstop.engine.step.Lineage;
import io.pitstop.engine.step.Upstream;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.RunStore;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.store.StepStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether each step of a pipeline would run if it ran now, and why, like {@code dvc status}: its
 * fingerprint is computed as a run would (reading only what {@link BoundStep#externalInputs} reads,
 * running nothing) and compared with the state the pipeline's {@link LockFile} records, or, without
 * one, the newest execution of each step in the run store.
 *
 * @param comparedWith {@code lock_file} or {@code run_store}
 * @param steps        in plan order
 */
public record PipelineStatus(String pipeline, String comparedWith, List<StepState> steps) {

    public PipelineStatus {
        steps = List.copyOf(steps);
    }

    /** What a run would do with a step. */
    public enum Verdict {
        /** Its fingerprint and outputs are those of the compared state: a run serves it from the cache. */
        UP_TO_DATE,
        /** Changed since the compared state, but an earlier run with these very inputs left outputs that hold. */
        CACHED,
        WOULD_RUN
    }

    /**
     * @param cachedFromRun for {@link Verdict#CACHED}, the run whose outputs a run would reuse
     * @param reasons       what differs from the compared state; empty when nothing does
     */
    public record StepState(String step, String kind, Verdict verdict, String cachedFromRun, List<Reason> reasons) {
        public StepState {
            reasons = List.copyOf(reasons);
        }

        public boolean wouldRun() {
            return verdict == Verdict.WOULD_RUN;
        }
    }

    /** Why a step is not as recorded. */
    public enum Cause {
        NEVER_RUN, KIND_CHANGED, CODE_CHANGED, ENGINE_CHANGED, RESOURCES_CHANGED, RUNTIME_CHANGED, MODEL_CHANGED, PARAMS_CHANGED,
        SEED_CHANGED, INPUT_CHANGED, UPSTREAM_CHANGED, UPSTREAM_WILL_RUN, OUTPUT_NO_LONGER_HOLDS,
        INPUT_UNREADABLE, OTHER_CHANGED
    }

    /**
     * @param name   the input, upstream step or parameter ({@code network.epochs}) concerned, if any
     * @param before the recorded value (a hash, mostly), if any
     * @param now    the current value, if known
     */
    public record Reason(Cause cause, String name, String before, String now) {

        /** One line for a person: {@code input contract_sha256 changed (3f2a1b… → 9c0d4e…)}. */
        public String describe() {
            String values = before == null && now == null ? "" : " (" + abbreviate(before) + " -> " + abbreviate(now) + ")";
            return switch (cause) {
                case NEVER_RUN -> "never run";
                case KIND_CHANGED -> "step kind changed" + values;
                case CODE_CHANGED -> "code of its step kind changed" + values;
                case ENGINE_CHANGED -> "engine code it uses changed" + values;
                case RESOURCES_CHANGED -> "code of a shared resource it uses (the Spark session) changed" + values;
                case RUNTIME_CHANGED -> "libraries changed" + values;
                case MODEL_CHANGED -> "model changed" + values;
                case PARAMS_CHANGED -> name == null ? "params changed" + values
                        : "param " + name + ": " + shown(before) + " -> " + shown(now);
                case SEED_CHANGED -> "seed changed" + values;
                case INPUT_CHANGED -> "input " + name + " changed" + values;
                case UPSTREAM_CHANGED -> "upstream step '" + name + "' changed";
                case UPSTREAM_WILL_RUN -> "upstream step '" + name + "' will run";
                case OUTPUT_NO_LONGER_HOLDS -> "its cached outputs no longer hold (deleted, or changed since)";
                case INPUT_UNREADABLE -> "its inputs cannot be read: " + now;
                case OTHER_CHANGED -> name + " changed" + values;
            };
        }

        /** A parameter's value, whole unless it is long (a list of 40 columns). */
        private static String shown(String value) {
            if (value == null) return "none";
            return value.length() > 60 ? value.substring(0, 60) + "…" : value;
        }

        private static String abbreviate(String value) {
            if (value == null) return "none";
            return value.length() > 12 ? value.substring(0, 12) + "…" : value;
        }
    }

    /** The number of steps a run would run. */
    public long wouldRun() {
        return steps.stream().filter(StepState::wouldRun).count();
    }

    /**
     * The state to compare with: the lock file's entries, else the newest successful or cached
     * execution of each step of this pipeline in the run store (one that ran the step with the
     * same upstream steps, so a lone-step scoring run does not count).
     */
    static Map<String, LockedStep> recorded(CheckedPipeline pipeline, RunStore store, int runsToSearch) {
        var found = new HashMap<String, LockedStep>();
        Set<String> wanted = new HashSet<>(pipeline.plan().order());
        for (RunRecord run : store.listRuns(runsToSearch)) {
            if (wanted.isEmpty()) break;
            if (!run.pipeline().equals(pipeline.spec().name())) continue;
            for (StepRecord s : store.steps(run.runId())) {
                if (!wanted.contains(s.stepId()) || s.fingerprint() == null
                        || (s.status() != StepStatus.SUCCEEDED && s.status() != StepStatus.CACHED)) continue;
                BoundStep step = pipeline.step(s.stepId());
                var upstream = new TreeSet<String>();
                s.inputs().keySet().stream().filter(k -> k.startsWith(StepExecution.UPSTREAM))
                        .forEach(k -> upstream.add(k.substring(StepExecution.UPSTREAM.length())));
                if (!upstream.equals(new TreeSet<>(step.spec().needs()))) continue;
                found.put(s.stepId(), LockedStep.of(s));
                wanted.remove(s.stepId());
            }
        }
        return found;
    }

    /** Works out every step's verdict in plan order; runs nothing. */
    static List<StepState> check(CheckedPipeline pipeline, Map<String, LockedStep> recorded, RunStore store,
                                 StepExecution steps, Lineage lineage) {
        var states = new ArrayList<StepState>();
        Map<String, String> fingerprints = new HashMap<>();
        Map<String, Map<String, String>> outputs = new LinkedHashMap<>();
        Set<String> willRun = new HashSet<>();
        for (String id : pipeline.plan().order()) {
            BoundStep step = pipeline.step(id);
            String kind = step.step().kind();
            LockedStep before = recorded.get(id);
            var upstreamRuns = step.spec().needs().stream().filter(willRun::contains).sorted().toList();
            if (!upstreamRuns.isEmpty()) {
                // Its upstream outputs do not exist yet, so its external inputs (which may read them) are not read.
                var reasons = new ArrayList<Reason>();
                if (before == null) {
                    reasons.add(new Reason(Cause.NEVER_RUN, null, null, null));
                } else {
                    upstreamRuns.forEach(u -> reasons.add(new Reason(Cause.UPSTREAM_WILL_RUN, u, null, null)));
                    reasons.addAll(ParamChanges.named(differences(before.components(),
                            LockFile.components(steps.ownComponents(pipeline, step)), false), before, kind,
                            StepExecution.paramsJson(step), store));
                }
                states.add(new StepState(id, kind, Verdict.WOULD_RUN, null, reasons));
                willRun.add(id);
                continue;
            }
            List<String> ancestors = pipeline.plan().ancestors().getOrDefault(id, List.of());
            Upstream upstream = name -> ancestors.stream().map(outputs::get)
                    .filter(o -> o != null && o.containsKey(name)).map(o -> o.get(name)).findFirst();
            RunStepContext ctx = steps.context("status", pipeline, id, upstream, lineage);
            Fingerprint now;
            try {
                now = steps.fingerprint(pipeline, step, ctx, fingerprints);
            } catch (RuntimeException e) {
                states.add(new StepState(id, kind, Verdict.WOULD_RUN, null,
                        List.of(new Reason(Cause.INPUT_UNREADABLE, null, null, StepExecution.describe(e)))));
                willRun.add(id);
                continue;
            }
            fingerprints.put(id, now.value());
            if (before != null && before.fingerprint().equals(now.value())) {
                if (StepExecution.outputsStillHold(step, before.outputs(), ctx)) {
                    outputs.put(id, before.outputs());
                    states.add(new StepState(id, kind, Verdict.UP_TO_DATE, null, List.of()));
                } else {
                    states.add(new StepState(id, kind, Verdict.WOULD_RUN, null,
                            List.of(new Reason(Cause.OUTPUT_NO_LONGER_HOLDS, null, null, null))));
                    willRun.add(id);
                }
                continue;
            }
            List<Reason> reasons = before == null ? List.of(new Reason(Cause.NEVER_RUN, null, null, null))
                    : ParamChanges.named(differences(before.components(), LockFile.components(now.inputs()), true),
                            before, kind, StepExecution.paramsJson(step), store);
            Optional<StepRecord> hit = store.findByFingerprint(kind, now.value())
                    .filter(h -> StepExecution.outputsStillHold(step, h.outputs(), ctx));
            if (hit.isPresent()) {
                outputs.put(id, hit.get().outputs());
                states.add(new StepState(id, kind, Verdict.CACHED, hit.get().runId(), reasons));
            } else {
                states.add(new StepState(id, kind, Verdict.WOULD_RUN, null, reasons));
                willRun.add(id);
            }
        }
        return states;
    }

    /**
     * What differs between two sets of fingerprint components.
     *
     * @param withExternal whether external inputs were read now (not for a step whose upstream will run)
     */
    private static List<Reason> differences(Map<String, String> before, Map<String, String> now, boolean withExternal) {
        var reasons = new ArrayList<Reason>();
        var keys = new TreeSet<String>(before.keySet());
        keys.addAll(now.keySet());
        for (String key : keys) {
            if (!withExternal && key.startsWith(StepExecution.EXTERNAL)) continue;
            if (!withExternal && key.startsWith(StepExecution.UPSTREAM)) continue;
            String was = before.get(key);
            String is = now.get(key);
            if (java.util.Objects.equals(was, is)) continue;
            if (key.startsWith(StepExecution.EXTERNAL)) {
                reasons.add(new Reason(Cause.INPUT_CHANGED, key.substring(StepExecution.EXTERNAL.length()), was, is));
            } else if (key.startsWith(StepExecution.UPSTREAM)) {
                reasons.add(new Reason(Cause.UPSTREAM_CHANGED, key.substring(StepExecution.UPSTREAM.length()), was, is));
            } else {
                Cause cause = switch (key) {
                    case "kind" -> Cause.KIND_CHANGED;
                    case "code" -> Cause.CODE_CHANGED;
                    case "engine" -> Cause.ENGINE_CHANGED;
                    case "resources" -> Cause.RESOURCES_CHANGED;
                    case "runtime" -> Cause.RUNTIME_CHANGED;
                    case "model" -> Cause.MODEL_CHANGED;
                    case "params" -> Cause.PARAMS_CHANGED;
                    case "seed" -> Cause.SEED_CHANGED;
                    default -> Cause.OTHER_CHANGED;
                };
                reasons.add(new Reason(cause, cause == Cause.OTHER_CHANGED ? key : null, was, is));
            }
        }
        return reasons;
    }
}
