package io.pitstop.engine.cli;

import io.pitstop.engine.conf.ProfileLoader;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.RunStatus;
import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.store.StepStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pitstop step}: each step of a run in its own invocation, as Airflow tasks run them. The run
 * store is the only thing the invocations share, so a test that passes here passes across processes.
 */
class CliStepTest {

    @TempDir
    Path dir;
    TestProject project;
    String pipeline;

    @BeforeEach
    void create() throws Exception {
        project = TestProject.create(dir);
        pipeline = project.pipeline(false);
    }

    private CliResult step(String id, String runId) {
        return project.cli("step", pipeline, id, "--run-id", runId);
    }

    private <T> T withStore(java.util.function.Function<SqlRunStore, T> read) {
        try (var store = SqlRunStore.open(ProfileLoader.load(dir, "local"))) {
            return read.apply(store);
        }
    }

    private Map<String, StepRecord> steps(String runId) {
        return withStore(s -> s.steps(runId).stream().collect(Collectors.toMap(StepRecord::stepId, r -> r)));
    }

    @Test
    void stepsRunOneByOneMakeOneSucceededRunThatRunsListShows() {
        for (String id : List.of("first", "second", "check")) {
            CliResult r = step(id, "manual__2026-11-22T00:00:00+00:00");
            assertEquals(RunOutcome.EXIT_OK, r.exitCode(), r.transcript());
        }
        RunRecord run = withStore(s -> s.findRun("manual__2026-11-22T00:00:00+00:00")).orElseThrow();
        assertEquals(RunStatus.SUCCEEDED, run.status(), run.message());
        Map<String, StepRecord> steps = steps(run.runId());
        assertEquals(List.of("check", "first", "second"), steps.keySet().stream().sorted().toList());
        steps.values().forEach(s -> assertEquals(StepStatus.SUCCEEDED, s.status(), s.stepId()));
        // The second step read the first one's output through the run store.
        CliResult list = project.cli("runs", "list");
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith(run.runId()) && l.contains("SUCCEEDED")),
                list.transcript());
    }

    @Test
    void stepByStepFingerprintsEqualTheInProcessRunnersSoEveryStepIsCached() {
        CliResult whole = project.cli("run", pipeline, "--run-id", "whole");
        assertEquals(RunOutcome.EXIT_OK, whole.exitCode(), whole.transcript());
        for (String id : List.of("first", "second", "check")) {
            assertEquals(RunOutcome.EXIT_OK, step(id, "split").exitCode());
        }
        Map<String, StepRecord> inProcess = steps("whole");
        Map<String, StepRecord> split = steps("split");
        for (String id : List.of("first", "second", "check")) {
            assertEquals(inProcess.get(id).fingerprint(), split.get(id).fingerprint(), id);
            assertEquals(StepStatus.CACHED, split.get(id).status(), id);
            assertEquals("whole", split.get(id).cachedFromRun(), id);
        }
    }

    @Test
    void theInProcessRunnerReusesWhatSeparateStepsBuilt() {
        for (String id : List.of("first", "second", "check")) {
            assertEquals(RunOutcome.EXIT_OK, step(id, "split").exitCode());
        }
        CliResult whole = project.cli("run", pipeline, "--run-id", "whole");
        assertEquals(RunOutcome.EXIT_OK, whole.exitCode(), whole.transcript());
        steps("whole").values().forEach(s -> assertEquals(StepStatus.CACHED, s.status(), s.stepId()));
    }

    @Test
    void retryingAStepThatSucceededIsANoOp() throws Exception {
        assertEquals(RunOutcome.EXIT_OK, step("first", "r1").exitCode());
        StepRecord before = steps("r1").get("first");
        Path output = Path.of(before.outputs().values().iterator().next());
        var modified = Files.getLastModifiedTime(output);
        Thread.sleep(20);

        CliResult again = step("first", "r1");
        assertEquals(RunOutcome.EXIT_OK, again.exitCode(), again.transcript());
        StepRecord after = steps("r1").get("first");
        assertEquals(before.startedAt(), after.startedAt());
        assertEquals(before.fingerprint(), after.fingerprint());
        assertEquals(modified, Files.getLastModifiedTime(output), "the output was not rewritten");
    }

    @Test
    void aStepWhoseUpstreamHasNotSucceededIsRefusedAndNothingRuns() {
        assertEquals(RunOutcome.EXIT_OK, step("first", "r1").exitCode());
        CliResult r = step("check", "r1");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertEquals("pitstop: step 'check' of run r1 needs 'second' (not run) to have succeeded first",
                r.err().strip(), r.transcript());
        assertTrue(!steps("r1").containsKey("check"));
    }

    /**
     * A night the scheduler skipped (the retraining policy held nothing) or a gate that said no: a step that
     * consumes nothing from its upstream steps (scoring with the production model) still runs when asked to;
     * one that consumes their outputs cannot, and a failed upstream step refuses it all the same.
     */
    @Test
    void aStepThatOnlyRunsAfterItsUpstreamRunsWhenTheyWereSkippedButNotWhenOneFailed() throws Exception {
        pipeline = project.pipeline("p.yaml", TestProject.PIPELINE.formatted(false)
                .replaceFirst("uses: testkit.write", "uses: train.testkit"));
        CliResult alone = project.cli("step", pipeline, "second", "--run-id", "skipped-night", "--when-upstream-skipped");
        assertEquals(RunOutcome.EXIT_OK, alone.exitCode(), alone.transcript());
        assertTrue(alone.out().contains("step second runs without first (not run or stopped in run skipped-night): it"
                + " consumes nothing from them"), alone.transcript());
        assertEquals(StepStatus.SUCCEEDED, steps("skipped-night").get("second").status());
        assertTrue(!steps("skipped-night").containsKey("first"));

        CliResult consumes = project.cli("step", pipeline, "check", "--run-id", "r2", "--when-upstream-skipped");
        assertEquals(RunOutcome.EXIT_INVALID, consumes.exitCode(), consumes.transcript());
        assertTrue(consumes.err().contains("step 'check' consumes [file] from its upstream steps, so it cannot run"
                + " without them"), consumes.transcript());

        assertEquals(RunOutcome.EXIT_OK, step("first", "r3").exitCode());
        withStore(s -> {
            var first = s.steps("r3").get(0);
            s.saveStep(new StepRecord("r3", "first", first.kind(), StepStatus.FAILED, first.fingerprint(), first.params(),
                    first.inputs(), Map.of(), Map.of(), Map.of(), Map.of(), null, first.startedAt(), first.endedAt(),
                    "failed", null));
            return null;
        });
        CliResult afterFailure = project.cli("step", pipeline, "second", "--run-id", "r3", "--when-upstream-skipped");
        assertEquals(RunOutcome.EXIT_INVALID, afterFailure.exitCode(), afterFailure.transcript());
        assertEquals("pitstop: step 'second' of run r3 needs 'first' (FAILED) to have succeeded first",
                afterFailure.err().strip(), afterFailure.transcript());
    }

    /**
     * A skipped data step (any kind outside train, evaluate and release) leaves the last night's data at the
     * path the step reads, so --when-upstream-skipped refuses it and names the data step; the step does not run.
     */
    @Test
    void aStepAfterASkippedDataStepIsRefusedEvenWhenItConsumesNothing() throws Exception {
        pipeline = project.pipeline("p.yaml", """
                pipeline: p
                model: { name: m }
                steps:
                  - id: fetch-nightly
                    uses: testkit.write
                    with: { text: "rows" }
                  - id: promote
                    uses: train.testkit
                    with: { text: "model" }
                  - id: score
                    uses: testkit.write
                    needs: [fetch-nightly, promote]
                    with: { text: "scores" }
                """);
        CliResult refused = project.cli("step", pipeline, "score", "--run-id", "skipped-night", "--when-upstream-skipped");
        assertEquals(RunOutcome.EXIT_INVALID, refused.exitCode(), refused.transcript());
        assertEquals("pitstop: step 'score' of run skipped-night cannot run without 'fetch-nightly' (testkit.write,"
                + " not run): a skipped data step leaves the last run's data where this step reads it"
                + " (--when-upstream-skipped only runs past skipped train, evaluate and release steps)",
                refused.err().strip(), refused.transcript());
        assertTrue(!steps("skipped-night").containsKey("score"));

        assertEquals(RunOutcome.EXIT_OK, step("fetch-nightly", "fresh-night").exitCode());
        CliResult fresh = project.cli("step", pipeline, "score", "--run-id", "fresh-night", "--when-upstream-skipped");
        assertEquals(RunOutcome.EXIT_OK, fresh.exitCode(), fresh.transcript());
        assertTrue(fresh.out().contains("step score runs without promote (not run or stopped in run fresh-night)"),
                fresh.transcript());
    }

    @Test
    void aFailedStepFailsTheRunAndItsRetrySucceedsOnceTheCauseIsGone() throws Exception {
        step("first", "r1");
        step("second", "r1");
        project.failMarker(true);
        CliResult failed = step("check", "r1");
        assertEquals(RunOutcome.EXIT_FAILED, failed.exitCode(), failed.transcript());
        assertEquals(RunStatus.FAILED, withStore(s -> s.findRun("r1")).orElseThrow().status());

        project.failMarker(false);
        CliResult retried = step("check", "r1");
        assertEquals(RunOutcome.EXIT_OK, retried.exitCode(), retried.transcript());
        assertEquals(RunStatus.SUCCEEDED, withStore(s -> s.findRun("r1")).orElseThrow().status());
    }

    @Test
    void aGateThatSaysNoStopsTheRunWithExitThree() throws Exception {
        String stopping = project.pipeline(true);
        for (String id : List.of("first", "second")) project.cli("step", stopping, id, "--run-id", "g");
        CliResult r = project.cli("step", stopping, "check", "--run-id", "g");
        assertEquals(RunOutcome.EXIT_STOPPED, r.exitCode(), r.transcript());
        assertEquals(RunStatus.STOPPED, withStore(s -> s.findRun("g")).orElseThrow().status());
    }

    @Test
    void anUnknownStepIsInvalidAndListsTheSteps() {
        CliResult r = step("chek", "r1");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertEquals("pitstop: pipeline 'p' has no step 'chek' (steps: first, second, check)", r.err().strip());
        assertTrue(withStore(s -> s.findRun("r1")).isEmpty(), "no run was created");
    }

    @Test
    void aRunStartedFromAnotherVersionOfThePipelineFileIsRefused() throws Exception {
        step("first", "r1");
        project.pipeline("p.yaml", TestProject.PIPELINE.formatted(false).replace("\"-b\"", "\"-c\""));
        CliResult r = step("second", "r1");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("run r1 started from another version of pipelines/p.yaml"), r.transcript());
    }
}
