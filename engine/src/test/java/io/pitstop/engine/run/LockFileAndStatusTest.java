package io.pitstop.engine.run;

import io.pitstop.engine.run.PipelineStatus.Cause;
import io.pitstop.engine.run.PipelineStatus.StepState;
import io.pitstop.engine.run.PipelineStatus.Verdict;
import io.pitstop.engine.spec.CheckedPipeline;
import io.pitstop.engine.spec.PipelineLoader;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.spec.StepCatalog;
import io.pitstop.engine.store.RunStatus;
import io.pitstop.engine.store.SqlRunStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lock file a run writes beside its pipeline, and {@code status}: per step, whether a run would
 * run it and why, against the lock file or the run store, running nothing.
 */
class LockFileAndStatusTest {

    @TempDir
    Path project;
    RunnerProject fixture;
    SqlRunStore store;
    Runner runner;
    PipelineLoader loader = new PipelineLoader(StepCatalog.of(new RunnerTest.WriteStep(), new RunnerTest.CheckStep()));
    Path lock;

    @BeforeEach
    void open() throws Exception {
        fixture = RunnerProject.open(project);
        store = fixture.store();
        runner = fixture.runner();
        Files.writeString(project.resolve("input.txt"), "v1");
        lock = project.resolve("pipelines/p.lock");
        RunnerTest.EXECUTIONS.set(0);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    CheckedPipeline pipeline(String firstText, String secondText) throws Exception {
        Path file = project.resolve("pipelines/p.yaml");
        Files.writeString(file, RunnerTest.threeSteps(firstText, secondText, "{}"));
        return loader.load(file, project);
    }

    Map<String, Verdict> verdicts(PipelineStatus status) {
        return status.steps().stream().collect(Collectors.toMap(StepState::step, StepState::verdict));
    }

    StepState state(PipelineStatus status, String step) {
        return status.steps().stream().filter(s -> s.step().equals(step)).findFirst().orElseThrow();
    }

    List<Cause> causes(PipelineStatus status, String step) {
        return state(status, step).reasons().stream().map(PipelineStatus.Reason::cause).toList();
    }

    @Test
    void aRunWritesAStableLockFileBesideThePipelineThatAnUnchangedRunLeavesAsItIs() throws Exception {
        var first = runner.run(pipeline("a", "-2"));
        assertEquals(RunStatus.SUCCEEDED, first.status());
        String text = Files.readString(lock);
        assertTrue(text.startsWith("# Lock file of pipeline p (pipelines/p.yaml)"), text);
        assertTrue(text.contains("format_version: 1\npipeline: \"p\"\nsteps:\n  first:\n    kind: \"test.write\"\n"), text);
        assertTrue(text.indexOf("  first:") < text.indexOf("  second:") && text.indexOf("  second:") < text.indexOf("  check:"),
                "steps in plan order: " + text);
        assertTrue(text.contains("    inputs:\n      read: \"v1\"\n"), text);
        assertTrue(text.contains("    upstream:\n      first: \"" + store.steps(first.runId()).get(0).fingerprint() + "\"\n"), text);
        assertTrue(text.contains("      file: \"./.state/artifacts/p/first/"), "outputs relative to the project: " + text);
        assertFalse(text.contains(first.runId()), "no run id: a cached run must not change the file");
        assertFalse(text.contains(project.toString()), "no absolute path of this checkout");

        var second = runner.run(pipeline("a", "-2"));
        assertEquals(RunStatus.SUCCEEDED, second.status());
        assertEquals(text, Files.readString(lock), "nothing changed, so the lock file did not either");

        runner.run(pipeline("a", "-3"));
        String changed = Files.readString(lock);
        var diff = changed.lines().filter(l -> !text.lines().toList().contains(l)).toList();
        assertTrue(diff.stream().anyMatch(l -> l.startsWith("    params: ")), diff.toString());
        assertFalse(diff.stream().anyMatch(l -> l.startsWith("    code: ")), diff.toString());
        assertTrue(changed.substring(0, changed.indexOf("  second:")).equals(text.substring(0, text.indexOf("  second:"))),
                "the first step's entry is untouched");
    }

    @Test
    void statusSaysWhichInputParamOrUpstreamChangedAndRunsNothing() throws Exception {
        var run = runner.run(pipeline("a", "-2"));
        int executions = RunnerTest.EXECUTIONS.get();
        int runs = store.listRuns(100).size();

        var unchanged = runner.status(pipeline("a", "-2"));
        assertEquals("lock_file", unchanged.comparedWith());
        assertEquals(Map.of("first", Verdict.UP_TO_DATE, "second", Verdict.UP_TO_DATE, "check", Verdict.UP_TO_DATE),
                verdicts(unchanged));
        assertEquals(0, unchanged.wouldRun());

        Files.writeString(project.resolve("input.txt"), "v2");
        var inputChanged = runner.status(pipeline("a", "-2"));
        var reason = state(inputChanged, "first").reasons().get(0);
        assertEquals(new PipelineStatus.Reason(Cause.INPUT_CHANGED, "read", "v1", "v2"), reason);
        assertEquals(List.of(Cause.UPSTREAM_WILL_RUN), causes(inputChanged, "second"));
        assertEquals("first", state(inputChanged, "second").reasons().get(0).name());
        assertEquals(List.of(Cause.UPSTREAM_WILL_RUN), causes(inputChanged, "check"));
        assertEquals(3, inputChanged.wouldRun());

        Files.writeString(project.resolve("input.txt"), "v1");
        var paramChanged = runner.status(pipeline("a", "-3"));
        assertEquals(Verdict.UP_TO_DATE, state(paramChanged, "first").verdict());
        // The lock file keeps only the params' hash; the run store has the params that hash stands for.
        var changedParam = state(paramChanged, "second").reasons();
        assertEquals(List.of(new PipelineStatus.Reason(Cause.PARAMS_CHANGED, "text", "-2", "-3")), changedParam);
        assertEquals("param text: -2 -> -3", changedParam.get(0).describe());
        assertEquals(List.of(Cause.UPSTREAM_WILL_RUN), causes(paramChanged, "check"));

        assertEquals(executions, RunnerTest.EXECUTIONS.get(), "status ran no step");
        assertEquals(runs, store.listRuns(100).size(), "status recorded no run");
        assertEquals(RunStatus.SUCCEEDED, run.status());
    }

    @Test
    void statusKnowsAStepAnEarlierRunLeftInTheCacheAndOneWhoseOutputsNoLongerHold() throws Exception {
        runner.run(pipeline("a", "-2"));
        String firstRun = store.listRuns(1).get(0).runId();
        runner.run(pipeline("a", "-3"));

        var back = runner.status(pipeline("a", "-2"));
        assertEquals(Verdict.CACHED, state(back, "second").verdict());
        assertEquals(firstRun, state(back, "second").cachedFromRun());
        assertEquals(List.of(new PipelineStatus.Reason(Cause.PARAMS_CHANGED, "text", "-3", "-2")),
                state(back, "second").reasons(), "changed since the lock file");
        assertEquals(Verdict.CACHED, state(back, "check").verdict());
        assertEquals(List.of(Cause.UPSTREAM_CHANGED), causes(back, "check"));

        Files.writeString(project.resolve("STALE"), "");
        var stale = runner.status(pipeline("a", "-3"));
        assertEquals(List.of(Cause.OUTPUT_NO_LONGER_HOLDS), causes(stale, "first"));
        assertEquals(3, stale.wouldRun());
    }

    @Test
    void withoutALockFileStatusComparesWithTheRunStoreAndANewStepWasNeverRun() throws Exception {
        var fresh = runner.status(pipeline("a", "-2"));
        assertEquals("run_store", fresh.comparedWith());
        assertEquals(List.of(Cause.NEVER_RUN), causes(fresh, "first"));
        assertEquals(List.of(Cause.NEVER_RUN), causes(fresh, "second"), "never run says it all");

        runner.run(pipeline("a", "-2"));
        Files.delete(lock);
        var fromStore = runner.status(pipeline("a", "-2"));
        assertEquals("run_store", fromStore.comparedWith());
        assertEquals(0, fromStore.wouldRun());
        Files.writeString(project.resolve("input.txt"), "v2");
        assertEquals(List.of(Cause.INPUT_CHANGED), causes(runner.status(pipeline("a", "-2")), "first"));
    }

    /**
     * Each changed parameter is named, from the run store and from the lock file alike, also for a step
     * whose upstream will run (its external inputs unread): a param that was not set reads "none".
     */
    @Test
    void statusNamesEachChangedParamAgainstTheRunStoreAndBehindAnUpstreamThatWillRun() throws Exception {
        runner.run(pipeline("a", "-2"));
        Files.delete(lock);
        Path file = project.resolve("pipelines/p.yaml");
        Files.writeString(file, RunnerTest.threeSteps("a", "-3", "{stop: false}"));
        var status = runner.status(loader.load(file, project));
        assertEquals("run_store", status.comparedWith());
        assertEquals(List.of(new PipelineStatus.Reason(Cause.PARAMS_CHANGED, "text", "-2", "-3")),
                state(status, "second").reasons());
        var check = state(status, "check").reasons();
        assertEquals(List.of(new PipelineStatus.Reason(Cause.UPSTREAM_WILL_RUN, "second", null, null),
                new PipelineStatus.Reason(Cause.PARAMS_CHANGED, "stop", "null", "false")), check);
        assertEquals("param stop: null -> false", check.get(1).describe());
    }

    /**
     * A lock file from another checkout whose run store never saw its executions: the params are known
     * only by their hash, so status says they changed, with the hashes, and names none.
     */
    @Test
    void paramsTheRunStoreDoesNotHaveAreToldByTheirHash() throws Exception {
        var run = runner.run(pipeline("a", "-2"));
        String second = store.steps(run.runId()).stream().filter(s -> s.stepId().equals("second")).findFirst()
                .orElseThrow().fingerprint();
        Files.writeString(lock, Files.readString(lock).replace(second, "0".repeat(64)));

        var reasons = state(runner.status(pipeline("a", "-3")), "second").reasons();
        assertEquals(List.of(Cause.PARAMS_CHANGED), reasons.stream().map(PipelineStatus.Reason::cause).toList());
        assertEquals(null, reasons.get(0).name());
        assertEquals(64, reasons.get(0).before().length(), "the recorded params' SHA-256");
        assertTrue(reasons.get(0).describe().startsWith("params changed ("), reasons.get(0).describe());
    }

    @Test
    void aLockFileBrokenByHandIsRefusedAtItsLineAndRewrittenByTheNextRun() throws Exception {
        runner.run(pipeline("a", "-2"));
        Files.writeString(lock, Files.readString(lock).replace("format_version: 1", "format_version: 7"));
        var e = assertThrows(SpecException.class, () -> runner.status(pipeline("a", "-2")));
        int line = Files.readAllLines(lock).indexOf("format_version: 7") + 1;
        assertTrue(e.problems().get(0).toString().startsWith(lock + ":" + line + ":"), e.problems().toString());

        runner.run(pipeline("a", "-2"));
        assertEquals(0, runner.status(pipeline("a", "-2")).wouldRun());
    }

    @Test
    void pathsUnderTheProjectAreWrittenRelativeToItAndReadBackAsTheyWere() throws Exception {
        Files.writeString(project.resolve("pipelines/p.yaml"), "pipeline: p\n");
        var step = new LockFile.LockedStep("f1", new java.util.TreeMap<>(Map.of("kind", "k", "code", "c1",
                "external.remote", project.resolve(".state/remote").toString(), "external.elsewhere", "/srv/remote",
                "upstream.a", "f0")), new java.util.TreeMap<>(Map.of("file", project.resolve(".state/out.txt").toString(),
                "table_version", "3")));
        var written = new LockFile("p", Map.of("s", step));
        Files.writeString(lock, written.text("pipelines/p.yaml", project));
        String text = Files.readString(lock);
        assertTrue(text.contains("      remote: \"./.state/remote\"\n") && text.contains("      elsewhere: \"/srv/remote\"\n")
                && text.contains("      file: \"./.state/out.txt\"\n"), text);
        assertEquals(written, LockFile.read(project.resolve("pipelines/p.yaml"), project).orElseThrow());
    }

    @Test
    void aRunOfPartOfThePipelineLeavesItsLockFileAlone() throws Exception {
        runner.run(pipeline("a", "-2"));
        String text = Files.readString(lock);
        runner.withoutLockFile().run(pipeline("b", "-2"));
        assertEquals(text, Files.readString(lock));
    }

    @Test
    void aStepRunOnItsOwnAsASchedulerTaskDoesUpdatesItsOwnEntry() throws Exception {
        runner.run(pipeline("a", "-2"));
        var changed = pipeline("a", "-3");
        assertEquals(List.of(Cause.PARAMS_CHANGED), causes(runner.status(changed), "second"));
        String runId = store.newRunId();
        runner.runStep(changed, runId, "first");
        runner.runStep(changed, runId, "second");
        var after = runner.status(changed);
        assertEquals(Verdict.UP_TO_DATE, state(after, "second").verdict());
        assertEquals(List.of(Cause.UPSTREAM_CHANGED), causes(after, "check"));
    }
}
