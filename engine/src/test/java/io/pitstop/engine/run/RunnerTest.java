package io.pitstop.engine.run;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.registry.SqlRegistry;
import io.pitstop.engine.spec.CheckedPipeline;
import io.pitstop.engine.spec.PipelineLoader;
import io.pitstop.engine.spec.StepCatalog;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.engine.store.RunStatus;
import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.store.StepStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner on small real steps that write files: caching, cache busting, failure, resume, stop. */
class RunnerTest {

    /** Appends its text to the upstream file's content; reads an optional input file from the project. */
    public static final class WriteStep implements Step<WriteStep.Params> {
        public record Params(String text, String readFile) {
        }

        public String kind() { return "test.write"; }
        public String description() { return "writes a file"; }
        public Class<Params> paramsType() { return Params.class; }
        public Set<String> produces(Params p) { return Set.of("file"); }

        public Map<String, String> externalInputs(Params p, StepContext ctx) throws Exception {
            return p.readFile() == null ? Map.of() : Map.of("read", Files.readString(ctx.resolve(p.readFile())));
        }

        /** A result is stale while a STALE marker exists, as a tracked file changed behind the step's back. */
        public boolean cachedOutputsHold(Params p, Map<String, String> outputs, StepContext ctx) {
            return !Files.exists(ctx.resolve("STALE"));
        }

        public StepResult run(Params p, StepContext ctx) throws Exception {
            EXECUTIONS.incrementAndGet();
            String before = ctx.upstream().find("file").isPresent() ? Files.readString(ctx.upstream().path("file")) : "";
            String extra = p.readFile() == null ? "" : Files.readString(ctx.resolve(p.readFile()));
            Path out = ctx.outputDir().resolve("out.txt");
            Files.writeString(out, before + p.text() + extra);
            return StepResult.succeeded().output("file", out).metric("length", Files.size(out)).build();
        }
    }

    /** Fails while a marker file exists in the project; stops the run when told to. */
    public static final class CheckStep implements Step<CheckStep.Params> {
        public record Params(Boolean stop) {
        }

        public String kind() { return "test.check"; }
        public String description() { return "fails while FAIL exists"; }
        public Class<Params> paramsType() { return Params.class; }
        public Set<String> consumes(Params p) { return Set.of("file"); }
        public Set<String> produces(Params p) { return Set.of("checked"); }

        public StepResult run(Params p, StepContext ctx) {
            EXECUTIONS.incrementAndGet();
            if (Boolean.TRUE.equals(p.stop())) return StepResult.stopped("not good enough").build();
            if (Files.exists(ctx.resolve("FAIL"))) throw new IllegalStateException("the FAIL marker is present");
            // A contract read while running, as the validate step reads its own: a bad one is the user's to fix.
            if (Files.exists(ctx.resolve("contract.yaml"))) io.pitstop.engine.contract.ContractLoader.load(ctx.resolve("contract.yaml"));
            return StepResult.succeeded().output("checked", "yes").build();
        }
    }

    /**
     * Reads a file while being fingerprinted, and then the file changes (as if another process
     * promoted a model right after): run() must act on what was fingerprinted.
     */
    public static final class PinStep implements Step<PinStep.Params> {
        public record Params(String file) {
        }

        public String kind() { return "test.pin"; }
        public String description() { return "acts on the fingerprinted value"; }
        public Class<Params> paramsType() { return Params.class; }
        public Set<String> produces(Params p) { return Set.of("file"); }

        public Map<String, String> externalInputs(Params p, StepContext ctx) throws Exception {
            String value = Files.readString(ctx.resolve(p.file()));
            Files.writeString(ctx.resolve(p.file()), "changed after the fingerprint");
            return Map.of("value", value);
        }

        public StepResult run(Params p, StepContext ctx) throws Exception {
            Path out = ctx.outputDir().resolve("out.txt");
            Files.writeString(out, ctx.resolvedInputs().get("value"));
            return StepResult.succeeded().output("file", out).build();
        }
    }

    static final java.util.concurrent.atomic.AtomicInteger EXECUTIONS = new java.util.concurrent.atomic.AtomicInteger();

    @TempDir
    Path project;
    SqlRunStore store;
    Runner runner;
    PipelineLoader loader = new PipelineLoader(StepCatalog.of(new WriteStep(), new CheckStep(), new PinStep()));

    @BeforeEach
    void open() throws Exception {
        Files.createDirectories(project.resolve("pipelines"));
        Files.writeString(project.resolve("input.txt"), "v1");
        var profile = new Profile("test", project, Map.of("state_dir", ".state"));
        store = SqlRunStore.open("jdbc:sqlite:" + project.resolve(".state/runs.db"));
        runner = new Runner(store, new SqlRegistry(store), profile, new ResourcePool(profile, project),
                ConsoleReporter.quiet(new PrintStream(new ByteArrayOutputStream())), Clock.systemUTC());
        EXECUTIONS.set(0);
    }

    @AfterEach
    void close() {
        store.close();
    }

    CheckedPipeline pipeline(String firstText, boolean stop) throws Exception {
        Path file = project.resolve("pipelines/p.yaml");
        Files.writeString(file, threeSteps(firstText, "-2", "{ stop: " + stop + " }"));
        return loader.load(file, project);
    }

    /**
     * Two test.write steps and a test.check: the first appends its text to input.txt's content, the
     * second appends its own, the check fails while FAIL exists.
     */
    static String threeSteps(String firstText, String secondText, String checkWith) {
        return """
                pipeline: p
                model: { name: m }
                steps:
                  - id: first
                    uses: test.write
                    with: { text: "%s", read_file: input.txt }
                  - id: second
                    uses: test.write
                    needs: [first]
                    with: { text: "%s" }
                  - id: check
                    uses: test.check
                    needs: [second]
                    with: %s
                """.formatted(firstText, secondText, checkWith);
    }

    Map<String, StepStatus> statuses(String runId) {
        return store.steps(runId).stream().collect(Collectors.toMap(StepRecord::stepId, StepRecord::status));
    }

    @Test
    void aSecondRunWithNothingChangedIsCachedAndSaysFromWhichRun() throws Exception {
        var first = runner.run(pipeline("a", false));
        assertEquals(RunStatus.SUCCEEDED, first.status());
        assertEquals(3, EXECUTIONS.get());

        var second = runner.run(pipeline("a", false));
        assertEquals(RunStatus.SUCCEEDED, second.status());
        assertEquals(3, EXECUTIONS.get(), "nothing was recomputed");
        for (StepRecord s : store.steps(second.runId())) {
            assertEquals(StepStatus.CACHED, s.status());
            assertEquals(first.runId(), s.cachedFromRun());
            assertTrue(s.message().contains(first.runId()));
        }
    }

    @Test
    void aChangedParamRerunsThatStepAndWhatFollowsIt() throws Exception {
        runner.run(pipeline("a", false));
        var changed = runner.run(pipeline("b", false));
        assertEquals(Map.of("first", StepStatus.SUCCEEDED, "second", StepStatus.SUCCEEDED, "check", StepStatus.SUCCEEDED),
                statuses(changed.runId()));
        String out = store.steps(changed.runId()).stream().filter(s -> s.stepId().equals("second")).findFirst()
                .orElseThrow().outputs().get("file");
        assertEquals("bv1-2", Files.readString(Path.of(out)));
    }

    @Test
    void aStepRunsOnTheExternalInputsItWasFingerprintedWithEvenIfTheyChangeBeforeItRuns() throws Exception {
        Path file = project.resolve("pipelines/pin.yaml");
        Files.writeString(file, """
                pipeline: pin
                model: { name: m }
                steps:
                  - id: pin
                    uses: test.pin
                    with: { file: input.txt }
                """);
        var outcome = runner.run(loader.load(file, project));
        StepRecord pin = store.steps(outcome.runId()).get(0);
        assertEquals(StepStatus.SUCCEEDED, pin.status(), pin.message());
        assertEquals("changed after the fingerprint", Files.readString(project.resolve("input.txt")));
        assertEquals("v1", Files.readString(Path.of(pin.outputs().get("file"))));
        assertEquals("v1", pin.inputs().get("external.value"));
    }

    @Test
    void aChangedExternalInputBustsTheCache() throws Exception {
        var first = runner.run(pipeline("a", false));
        Files.writeString(project.resolve("input.txt"), "v2");
        var second = runner.run(pipeline("a", false));
        assertEquals(StepStatus.SUCCEEDED, statuses(second.runId()).get("first"));
        assertNotEquals(store.steps(first.runId()).get(0).fingerprint(), store.steps(second.runId()).get(0).fingerprint());
    }

    @Test
    void aCachedResultWhoseOutputsAreGoneIsRecomputed() throws Exception {
        var first = runner.run(pipeline("a", false));
        Path out = Path.of(store.steps(first.runId()).get(0).outputs().get("file"));
        Files.delete(out);
        var second = runner.run(pipeline("a", false));
        assertEquals(StepStatus.SUCCEEDED, statuses(second.runId()).get("first"));
        assertTrue(Files.exists(out));
    }

    @Test
    void aCachedResultTheStepNoLongerVouchesForIsRecomputed() throws Exception {
        runner.run(pipeline("a", false));
        Files.writeString(project.resolve("STALE"), "");
        var second = runner.run(pipeline("a", false));
        assertEquals(StepStatus.SUCCEEDED, statuses(second.runId()).get("first"));
        Files.delete(project.resolve("STALE"));
        var third = runner.run(pipeline("a", false));
        assertEquals(StepStatus.CACHED, statuses(third.runId()).get("first"));
    }

    @Test
    void aFailedRunSkipsTheRestAndResumesFromTheFailedStep() throws Exception {
        Files.writeString(project.resolve("FAIL"), "");
        var failed = runner.run(pipeline("a", false));
        assertEquals(RunStatus.FAILED, failed.status());
        assertEquals(RunOutcome.EXIT_FAILED, failed.exitCode());
        assertEquals(StepStatus.FAILED, statuses(failed.runId()).get("check"));
        assertTrue(failed.message().contains("the FAIL marker is present"), failed.message());
        int before = EXECUTIONS.get();

        Files.delete(project.resolve("FAIL"));
        var resumed = runner.resume(failed.runId(), pipeline("a", false));
        assertEquals(failed.runId(), resumed.runId());
        assertEquals(RunStatus.SUCCEEDED, resumed.status());
        assertEquals(before + 1, EXECUTIONS.get(), "only the failed step ran again");
        assertEquals(RunStatus.SUCCEEDED, store.findRun(failed.runId()).orElseThrow().status());
        assertEquals(StepStatus.SUCCEEDED, statuses(failed.runId()).get("check"));
    }

    @Test
    void aFileRefusedWhileRunningEndsTheRunWithTheConfigurationExitCodeAndItsLocation() throws Exception {
        Files.writeString(project.resolve("contract.yaml"), "dataset: d\ncolumns:\n  - { name: a, type: string }\nbogus: 1\n");
        var failed = runner.run(pipeline("a", false));
        assertEquals(RunStatus.FAILED, failed.status());
        assertEquals(RunOutcome.EXIT_INVALID, failed.exitCode(), "exit 2: a scheduler must not retry what fails the same way");
        assertTrue(failed.message().contains(project.resolve("contract.yaml") + ":4:1: "), failed.message());

        // The same run, failing on something broken rather than on a file, still exits 1.
        Files.delete(project.resolve("contract.yaml"));
        Files.writeString(project.resolve("FAIL"), "");
        assertEquals(RunOutcome.EXIT_FAILED, runner.run(pipeline("b", false)).exitCode());
    }

    @Test
    void aSecondRunOfTheSamePipelineWhileOneRunsFailsNamingIt() throws Exception {
        try (var held = PipelineLock.acquire(project.resolve(".state"), "p", "r-other")) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(PipelineLock.RunInProgressException.class,
                    () -> runner.run(pipeline("a", false)));
            assertTrue(e.getMessage().contains("r-other"), e.getMessage());
        }
        assertEquals(RunStatus.SUCCEEDED, runner.run(pipeline("a", false)).status(), "the lock is released");
    }

    @Test
    void editingTheModelBlockInvalidatesTheCache() throws Exception {
        runner.run(pipeline("a", false));
        Path file = project.resolve("pipelines/p.yaml");
        Files.writeString(file, Files.readString(file).replace("model: { name: m }", "model: { name: m, owner: team-b }"));
        var second = runner.run(loader.load(file, project));
        assertEquals(StepStatus.SUCCEEDED, statuses(second.runId()).get("first"));
    }

    @Test
    void aStoppedStepEndsTheRunWithItsOwnExitCode() throws Exception {
        var stopped = runner.run(pipeline("a", true));
        assertEquals(RunStatus.STOPPED, stopped.status());
        assertEquals(RunOutcome.EXIT_STOPPED, stopped.exitCode());
        assertTrue(stopped.message().contains("not good enough"));
    }

    @Test
    void everyStepRecordsItsInputsParamsOutputsMetricsAndLog() throws Exception {
        var run = runner.run(pipeline("a", false));
        StepRecord first = store.steps(run.runId()).get(0);
        assertEquals("a", first.params().path("text").asText());
        assertEquals("v1", first.inputs().get("external.read"));
        assertTrue(first.inputs().containsKey("code"));
        assertEquals(3.0, first.metrics().get("length"));
        assertTrue(Files.readString(Path.of(first.logPath())).contains("fingerprint " + first.fingerprint()));
    }
}
